import { describe, expect, it } from '@jest/globals';
import { useTestDatabase } from '../support/use-test-database.js';
import { ensureOrganization, findOrganization } from '../../src/services/organization-repository.js';

const t = useTestDatabase();

describe('ensureOrganization', () => {
  it('creates the organization of a workspace the first time and keeps its bootstrap admins after', async () => {
    const first = await ensureOrganization(t.store, { orgId: 'T1', name: 'Acme', bootstrapAdmins: ['U1'] });
    expect(first).toMatchObject({ id: 'T1', name: 'Acme', bootstrapAdmins: ['U1'] });
    const again = await ensureOrganization(t.store, { orgId: 'T1', bootstrapAdmins: ['U2', 'U3'] });
    expect(again.bootstrapAdmins).toEqual(['U1']);
    expect(await findOrganization(t.store, 'T1')).toMatchObject({ id: 'T1', bootstrapAdmins: ['U1'] });
  });

  it('answers undefined for a workspace it has never seen', async () => {
    expect(await findOrganization(t.store, 'T-unknown')).toBeUndefined();
  });
});
