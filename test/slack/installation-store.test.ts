import { describe, expect, it } from '@jest/globals';
import type { Installation } from '@slack/bolt';
import { findOrganization } from '../../src/services/organization-repository.js';
import { mongoInstallationStore } from '../../src/slack/installation-store.js';
import { useTestDatabase } from '../support/use-test-database.js';

const t = useTestDatabase();

const installation = (teamId: string, installer: string, token: string): Installation<'v2', false> => ({
  team: { id: teamId, name: `Team ${teamId}` },
  enterprise: undefined,
  user: { id: installer, token: undefined, scopes: undefined },
  bot: { id: 'B1', userId: 'UBOT', token, scopes: ['commands', 'chat:write'] },
  tokenType: 'bot',
  isEnterpriseInstall: false,
  appId: 'A1',
  authVersion: 'v2',
});

describe('the OAuth installation store on MongoDB', () => {
  const store = () =>
    mongoInstallationStore(t.store, { bootstrapAdmins: ['UCONFIG01'], now: () => new Date('2026-11-25T00:00:00Z') });

  it('stores an installation, finds it by team, and creates the organization with the installer as first admin', async () => {
    await store().storeInstallation(installation('TACME0001', 'UINSTALL1', 'xoxb-acme'));
    const found = await store().fetchInstallation({
      teamId: 'TACME0001',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(found.bot?.token).toBe('xoxb-acme');
    expect(await findOrganization(t.store, 'TACME0001')).toMatchObject({
      name: 'Team TACME0001',
      bootstrapAdmins: ['UINSTALL1', 'UCONFIG01'],
    });
  });

  it('replaces the installation on reinstall (new token) without changing the first admins', async () => {
    await store().storeInstallation(installation('TACME0001', 'USOMEONE2', 'xoxb-acme-2'));
    const found = await store().fetchInstallation({
      teamId: 'TACME0001',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(found.bot?.token).toBe('xoxb-acme-2');
    expect((await findOrganization(t.store, 'TACME0001'))?.bootstrapAdmins).toEqual(['UINSTALL1', 'UCONFIG01']);
  });

  it('keeps workspaces apart and forgets an uninstalled one', async () => {
    await store().storeInstallation(installation('TOTHER001', 'UINSTALL3', 'xoxb-other'));
    await store().deleteInstallation!({ teamId: 'TACME0001', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(
      store().fetchInstallation({ teamId: 'TACME0001', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/no installation for TACME0001/);
    expect(
      (await store().fetchInstallation({ teamId: 'TOTHER001', enterpriseId: undefined, isEnterpriseInstall: false }))
        .bot?.token,
    ).toBe('xoxb-other');
  });
});
