import type { Store } from './store.js';

/** Keys of an installation: an org-wide (enterprise) install, or one workspace. */
export interface InstallationKey {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
}

function installationId(key: InstallationKey): string {
  const id = key.isEnterpriseInstall ? key.enterpriseId : key.teamId;
  if (!id) throw new Error('an installation needs a team id, or an enterprise id for org-wide installs');
  return key.isEnterpriseInstall ? `enterprise:${id}` : `team:${id}`;
}

export async function saveInstallation(
  store: Store,
  key: InstallationKey,
  installation: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await store.slackInstallations
    .replaceOne(
      { _id: installationId(key) },
      { _id: installationId(key), ...key, installation, installedAt: now },
      { upsert: true },
    )
    .exec();
}

export async function findInstallation(
  store: Store,
  key: InstallationKey,
): Promise<Record<string, unknown> | undefined> {
  const doc = await store.slackInstallations.findById(installationId(key)).lean().exec();
  return doc?.installation;
}

export async function deleteInstallation(store: Store, key: InstallationKey): Promise<void> {
  await store.slackInstallations.deleteOne({ _id: installationId(key) }).exec();
}
