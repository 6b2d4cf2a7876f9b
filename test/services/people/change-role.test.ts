import { beforeEach, describe, expect, it } from '@jest/globals';
import { changeRole, previewRoleChange } from '../../../src/services/people/change-role.js';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { clearDatabase, refusal as refusalOf, useTestDatabase } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup,
  createOrganization,
  createUser,
  groupAdminActor,
  ORG_ID,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store);
});

const user = (email: string) => t.store.users.findById(`${ORG_ID}:${email}`).lean().exec();
const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);
const admin = (email: string) => buildActor({ email, userId: `${ORG_ID}:${email}` });

describe('changeRole', () => {
  it('promotes a user to admin with an audit entry', async () => {
    await createUser(t.store, { email: 'bob@example.com' });
    expect(await changeRole(buildContext(t.store), { email: 'bob@example.com', role: 'admin' })).toEqual({
      email: 'bob@example.com',
      from: 'user',
      to: 'admin',
      changed: true,
      pending: false,
      endedManagedGroupNames: [],
      managesNoGroup: false,
    });
    expect(await user('bob@example.com')).toMatchObject({ role: 'admin', version: 1 });
    expect(await t.store.auditEntries.findOne({ action: 'user.change_role' }).lean()).toMatchObject({
      before: { role: 'user' },
      after: { role: 'admin' },
      subjects: ['bob@example.com'],
    });
  });

  it('makes a group admin who manages no group yet, and says so', async () => {
    await createUser(t.store, { email: 'bob@example.com' });
    expect(await changeRole(buildContext(t.store), { email: 'bob@example.com', role: 'group_admin' })).toMatchObject({
      changed: true,
      managesNoGroup: true,
    });
  });

  it('ends the group-admin assignments of a group admin who becomes a user', async () => {
    const data = await createGroup(t.store, { name: 'Data Eng' });
    await createUser(t.store, {
      email: 'bob@example.com',
      role: 'group_admin',
      managedGroups: [{ groupId: data._id, permissions: ['invite_deactivate'] }],
    });
    expect(await changeRole(buildContext(t.store), { email: 'bob@example.com', role: 'user' })).toMatchObject({
      changed: true,
      endedManagedGroupNames: ['Data Eng'],
    });
    expect(await user('bob@example.com')).toMatchObject({ role: 'user', managedGroups: [] });
  });

  it('reports no change when the person already has the role', async () => {
    await createUser(t.store, { email: 'bob@example.com', role: 'admin' });
    expect(await changeRole(buildContext(t.store), { email: 'bob@example.com', role: 'admin' })).toMatchObject({
      changed: false,
    });
    expect(await t.store.auditEntries.countDocuments({})).toBe(0);
  });

  it('changes the role of a pending invitation when the person has not joined yet', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'] });
    expect(await changeRole(buildContext(t.store), { email: 'new@example.com', role: 'admin' })).toMatchObject({
      changed: true,
      pending: true,
      from: 'user',
      to: 'admin',
    });
    expect(await t.store.invitations.findById(`${ORG_ID}:new@example.com`).lean()).toMatchObject({
      role: 'admin',
      status: 'pending',
    });
    expect(await t.store.auditEntries.findOne({ action: 'invitation.change_role' }).lean()).toMatchObject({
      after: { role: 'admin' },
    });
  });

  it('refuses demoting the last active admin, and allows it when another admin exists', async () => {
    await createUser(t.store, { email: 'a1@example.com', role: 'admin' });
    await createUser(t.store, { email: 'gone@example.com', role: 'admin', status: 'deactivated' });
    const error = await refusal(
      changeRole(buildContext(t.store, { actor: admin('a1@example.com') }), { email: 'a1@example.com', role: 'user' }),
    );
    expect(error).toMatchObject({
      code: 'invalid_state',
      message: expect.stringContaining('a1@example.com is the last active admin'),
    });
    expect(
      await refusal(previewRoleChange(buildContext(t.store), { email: 'a1@example.com', role: 'group_admin' })),
    ).toMatchObject({ code: 'invalid_state' });
    expect(await user('a1@example.com')).toMatchObject({ role: 'admin' });

    await createUser(t.store, { email: 'a2@example.com', role: 'admin' });
    expect(await previewRoleChange(buildContext(t.store), { email: 'a1@example.com', role: 'user' })).toEqual({
      email: 'a1@example.com',
      from: 'admin',
      to: 'user',
      pending: false,
      managedGroupNames: [],
    });
    expect(await changeRole(buildContext(t.store), { email: 'a1@example.com', role: 'user' })).toMatchObject({
      changed: true,
    });
  });

  it('never leaves the organization without an admin when two admins demote each other at once', async () => {
    await createUser(t.store, { email: 'a1@example.com', role: 'admin' });
    await createUser(t.store, { email: 'a2@example.com', role: 'admin' });
    const results = await Promise.allSettled([
      changeRole(buildContext(t.store, { actor: admin('a1@example.com') }), { email: 'a2@example.com', role: 'user' }),
      changeRole(buildContext(t.store, { actor: admin('a2@example.com') }), { email: 'a1@example.com', role: 'user' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await t.store.users.countDocuments({ role: 'admin', status: 'active' })).toBe(1);
  });

  it('refuses deactivated people, unknown people, bad roles and malformed emails', async () => {
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated' });
    expect(
      await refusal(changeRole(buildContext(t.store), { email: 'gone@example.com', role: 'admin' })),
    ).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('/ub reactivate') });
    expect(
      await refusal(changeRole(buildContext(t.store), { email: 'nobody@example.com', role: 'admin' })),
    ).toMatchObject({ code: 'not_found' });
    expect(await refusal(changeRole(buildContext(t.store), { email: 'nope', role: 'admin' }))).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('is for admins only', async () => {
    const group = await createGroup(t.store);
    await createUser(t.store, { email: 'bob@example.com', groupIds: [group._id] });
    const ga = groupAdminActor([{ groupId: group._id, permissions: ['invite_deactivate'] }]);
    expect(
      await refusal(changeRole(buildContext(t.store, { actor: ga }), { email: 'bob@example.com', role: 'admin' })),
    ).toMatchObject({ code: 'not_authorized' });
    expect(
      await refusal(
        changeRole(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), {
          email: 'bob@example.com',
          role: 'admin',
        }),
      ),
    ).toMatchObject({ code: 'not_authorized' });
    expect(await user('bob@example.com')).toMatchObject({ role: 'user' });
  });
});
