import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { ensureOrganization } from '../services/organization-repository.js';
import { deleteInstallation, findInstallation, saveInstallation } from '../services/slack-installation-repository.js';
import type { Store } from '../services/store.js';

/**
 * Bolt's InstallationStore on our own collection. Installing ub creates the workspace's
 * organization, with the installing user (and UB_BOOTSTRAP_ADMINS) as its first admins.
 */
export function mongoInstallationStore(
  store: Store,
  options: {
    bootstrapAdmins: string[];
    now: () => Date;
    /** Told after each workspace install with its bot token (the installer's welcome DM). */
    onInstalled?: (install: { teamId: string; installerId: string; botToken: string | undefined }) => Promise<void>;
  },
): InstallationStore {
  return {
    storeInstallation: async (installation: Installation) => {
      const key = {
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
      };
      // Bolt's Installation is a plain JSON object; stored whole so nothing Bolt adds is lost.
      await saveInstallation(store, key, installation as unknown as Record<string, unknown>, options.now());
      if (installation.team?.id) {
        await ensureOrganization(store, {
          orgId: installation.team.id,
          ...(installation.team.name ? { name: installation.team.name } : {}),
          bootstrapAdmins: [...new Set([installation.user.id, ...options.bootstrapAdmins])],
        });
        await options.onInstalled?.({
          teamId: installation.team.id,
          installerId: installation.user.id,
          botToken: installation.bot?.token,
        });
      }
    },
    fetchInstallation: async (query: InstallationQuery<boolean>) => {
      const found = await findInstallation(store, {
        teamId: query.teamId,
        enterpriseId: query.enterpriseId,
        isEnterpriseInstall: query.isEnterpriseInstall,
      });
      if (!found)
        throw new Error(`no installation for ${query.isEnterpriseInstall ? query.enterpriseId : query.teamId}`);
      // Exactly the object storeInstallation was given, read back.
      return found as unknown as Installation;
    },
    deleteInstallation: async (query: InstallationQuery<boolean>) => {
      await deleteInstallation(store, {
        teamId: query.teamId,
        enterpriseId: query.enterpriseId,
        isEnterpriseInstall: query.isEnterpriseInstall,
      });
    },
  };
}
