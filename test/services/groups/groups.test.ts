import { beforeAll, describe, expect, it } from '@jest/globals';
import { assignGroupAdmin, removeGroupAdmin } from '../../../src/services/groups/change-group-admins.js';
import {
  addMembers,
  changeMembershipBatch,
  removeMembers,
  settleMembershipBatches,
} from '../../../src/services/groups/change-membership.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { requireGroup } from '../../../src/services/groups/group-repository.js';
import { showGroup } from '../../../src/services/groups/show-group.js';
import { deleteGroup } from '../../../src/services/groups/delete-group.js';
import { createGroup } from '../../../src/services/groups/create-group.js';
import { findGroupByName } from '../../../src/services/groups/group-repository.js';
import { listGroups } from '../../../src/services/groups/list-groups.js';
import { renameGroup } from '../../../src/services/groups/rename-group.js';
import { UbError } from '../../../src/services/errors.js';
import { useTestDatabase } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup as seedGroup,
  createOrganization,
  createUser,
  groupAdminActor,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeAll(async () => {
  await createOrganization(t.store);
});

const admin = () => buildContext(t.store);
const code = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UbError) return error.code;
    throw error;
  }
  return 'ok';
};

describe('group names', () => {
  it('creates a group, found again whatever the case, and writes an audit entry', async () => {
    const group = await createGroup(admin(), '  Data Eng ');
    expect(group).toMatchObject({ name: 'Data Eng', memberCount: 0 });
    expect(await findGroupByName(t.store, 'T_TEST', 'data eng')).toMatchObject({ id: group.id });
    expect(await t.store.auditEntries.countDocuments({ action: 'group.created', targetId: group.id })).toBe(1);
  });

  it('refuses a second group whose name differs only in case, even when both are created at once', async () => {
    const results = await Promise.allSettled([
      createGroup(admin(), 'Sales'),
      createGroup(admin(), 'SALES'),
      createGroup(admin(), 'sales'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as UbError).code)).toEqual(['already_exists', 'already_exists']);
    expect(await t.store.groups.countDocuments({ orgId: 'T_TEST', name: { $in: ['Sales', 'SALES', 'sales'] } })).toBe(
      1,
    );
  });

  it('keeps names space-sensitive and refuses empty or over-long names', async () => {
    await createGroup(admin(), 'Data  Eng');
    expect(await code(createGroup(admin(), '   '))).toBe('invalid_input');
    expect(await code(createGroup(admin(), 'x'.repeat(101)))).toBe('invalid_input');
  });

  it('renames without moving memberships, including a change of case only', async () => {
    const group = await createGroup(admin(), 'Ops');
    const member = await createUser(t.store, { groupIds: [group.id] });
    await renameGroup(admin(), 'ops', 'OPS');
    await renameGroup(admin(), 'OPS', 'Operations');
    expect(await findGroupByName(t.store, 'T_TEST', 'ops')).toBeUndefined();
    expect(await findGroupByName(t.store, 'T_TEST', 'operations')).toMatchObject({ id: group.id, name: 'Operations' });
    expect((await t.store.users.findById(member._id).lean())?.groupIds).toEqual([group.id]);
  });

  it('refuses renaming onto a name another group has', async () => {
    await createGroup(admin(), 'Finance');
    await createGroup(admin(), 'Legal');
    expect(await code(renameGroup(admin(), 'Legal', 'finance'))).toBe('already_exists');
    expect(await findGroupByName(t.store, 'T_TEST', 'legal')).toBeDefined();
  });

  it('deletes a group: people stay, memberships and group-admin assignments go', async () => {
    const group = await createGroup(admin(), 'Temp');
    const other = await seedGroup(t.store, { name: 'Keep' });
    const member = await createUser(t.store, { groupIds: [group.id, other._id] });
    const manager = await createUser(t.store, {
      role: 'group_admin',
      managedGroups: [{ groupId: group.id, permissions: [] }],
    });
    await deleteGroup(admin(), 'temp');
    expect(await findGroupByName(t.store, 'T_TEST', 'Temp')).toBeUndefined();
    expect(await t.store.groups.findById(group.id).lean()).toBeNull();
    expect((await t.store.users.findById(member._id).lean())?.groupIds).toEqual([other._id]);
    expect((await t.store.users.findById(manager._id).lean())?.managedGroups).toEqual([]);
    expect(await t.store.users.countDocuments({ _id: { $in: [member._id, manager._id] } })).toBe(2);
  });

  it('names the group it cannot find', async () => {
    await expect(deleteGroup(admin(), 'Nope')).rejects.toThrow('There is no group named "Nope"');
  });

  it('refuses group changes to group admins and users', async () => {
    const ga = buildContext(t.store, { actor: groupAdminActor([]) });
    const user = buildContext(t.store, { actor: buildActor({ role: 'user' }) });
    expect(await code(createGroup(ga, 'Mine'))).toBe('not_authorized');
    expect(await code(deleteGroup(user, 'Finance'))).toBe('not_authorized');
    expect(await code(renameGroup(ga, 'Finance', 'Money'))).toBe('not_authorized');
  });
});

describe('members', () => {
  it('adds and removes people, reporting each, with an exact member count', async () => {
    await createGroup(admin(), 'Readers');
    const a = await createUser(t.store);
    const b = await createUser(t.store);
    const gone = await createUser(t.store, { status: 'deactivated' });
    const added = await addMembers(admin(), 'readers', [
      a.email,
      b.email,
      a.email,
      'nobody@example.com',
      'not-an-email',
      gone.email,
    ]);
    expect(added.done.map((o) => o.email)).toEqual([a.email, b.email]);
    expect(added.failed.map((o) => o.reason)).toEqual([
      'not a member or invited yet: invite them with `/ub invite <email> --group "Readers"`',
      'not a valid email address',
      'deactivated: reactivate them first',
    ]);
    const again = await addMembers(admin(), 'Readers', [a.email]);
    expect(again.skipped).toEqual([{ email: a.email, reason: 'already a member' }]);
    const removed = await removeMembers(admin(), 'Readers', [b.email, b.email, 'nobody@example.com']);
    expect(removed.done).toEqual([{ email: b.email }]);
    expect((await findGroupByName(t.store, 'T_TEST', 'Readers'))?.memberCount).toBe(1);
  });

  it('changes pending invitations too, and a batch applied again moves the invitee count once', async () => {
    await createGroup(admin(), 'Pending');
    const member = await createUser(t.store);
    await inviteUsers(admin(), { emails: ['inv1@example.com', 'inv2@example.com'] });
    const group = await requireGroup(t.store, 'T_TEST', 'Pending');
    const batch = {
      id: 'T_TEST:test-run:p0000',
      items: [member.email, 'inv1@example.com', 'inv2@example.com'].map((email, index) => ({ index, email })),
    };
    const first = await changeMembershipBatch(admin(), group, 'add', batch);
    // A crash before the run records the page: the same batch is applied again.
    const again = await changeMembershipBatch(admin(), group, 'add', batch);
    expect(again).toEqual(first);
    expect(first.map((o) => [o.status, o.reason])).toEqual([
      ['done', ''],
      ['done', 'invited: joins the group on accepting'],
      ['done', 'invited: joins the group on accepting'],
    ]);
    await settleMembershipBatches(admin(), group.id, [batch.id]);
    expect(await findGroupByName(t.store, 'T_TEST', 'Pending')).toMatchObject({ memberCount: 1, inviteeCount: 2 });
    expect(await t.store.auditEntries.countDocuments({ action: 'group.member_added', subjects: group.id })).toBe(3);
    const removed = await removeMembers(admin(), 'Pending', ['inv1@example.com', member.email]);
    expect(removed.done.map((o) => o.email)).toEqual(['inv1@example.com', member.email]);
    expect(removed.group).toMatchObject({ memberCount: 0, inviteeCount: 1 });
    expect(await findGroupByName(t.store, 'T_TEST', 'Pending')).toMatchObject({ memberCount: 0, inviteeCount: 1 });
  });

  it('keeps the member count exact when overlapping adds and removes run at once', async () => {
    const group = await createGroup(admin(), 'Busy');
    const people = await Promise.all(Array.from({ length: 8 }, () => createUser(t.store)));
    const emails = people.map((p) => p.email);
    await Promise.all([
      addMembers(admin(), 'Busy', emails.slice(0, 6)),
      addMembers(admin(), 'Busy', emails.slice(2, 8)),
      addMembers(admin(), 'Busy', emails),
    ]);
    await Promise.all([
      removeMembers(admin(), 'Busy', emails.slice(0, 3)),
      removeMembers(admin(), 'Busy', emails.slice(1, 4)),
    ]);
    const real = await t.store.users.countDocuments({ orgId: 'T_TEST', groupIds: group.id });
    expect(real).toBe(4);
    expect((await t.store.groups.findById(group.id).lean())?.memberCount).toBe(real);
  });

  it('lets a group admin add and remove people only in the groups they manage', async () => {
    const mine = await createGroup(admin(), 'Mine');
    await createGroup(admin(), 'Theirs');
    const person = await createUser(t.store);
    const ga = buildContext(t.store, { actor: groupAdminActor([{ groupId: mine.id, permissions: [] }]) });
    expect((await addMembers(ga, 'Mine', [person.email])).done).toHaveLength(1);
    expect(await code(addMembers(ga, 'Theirs', [person.email]))).toBe('not_authorized');
    expect(await code(removeMembers(ga, 'Theirs', [person.email]))).toBe('not_authorized');
    expect((await removeMembers(ga, 'Mine', [person.email])).done).toHaveLength(1);
  });

  it('shows one page of members at a time, in a stable order, with the group admins', async () => {
    const group = await createGroup(admin(), 'Paged');
    const people = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        createUser(t.store, { email: `paged${i}@example.com`, groupIds: [group.id] }),
      ),
    );
    await createUser(t.store, {
      email: 'boss@example.com',
      role: 'group_admin',
      managedGroups: [{ groupId: group.id, permissions: ['invite_deactivate'] }],
    });
    const first = await showGroup(admin(), 'Paged', { limit: 3 });
    expect(first.members.map((m) => m.email)).toEqual(people.slice(0, 3).map((p) => p.email));
    expect(first.admins).toEqual([expect.objectContaining({ email: 'boss@example.com', canInviteDeactivate: true })]);
    const second = await showGroup(admin(), 'Paged', { limit: 3, after: first.next! });
    expect(second.members.map((m) => m.email)).toEqual(['paged3@example.com', 'paged4@example.com']);
    expect(second.next).toBeUndefined();
  });
});

describe('listing groups', () => {
  it('lists groups alphabetically, paged, and only managed ones for a group admin', async () => {
    const all: string[] = [];
    let after: string | undefined;
    do {
      const page = await listGroups(admin(), { limit: 4, ...(after ? { after } : {}) });
      all.push(...page.groups.map((g) => g.name));
      after = page.next;
    } while (after);
    expect(all).toEqual([...all].sort((x, y) => x.toLowerCase().localeCompare(y.toLowerCase())));
    expect(new Set(all).size).toBe(all.length);
    const mine = await findGroupByName(t.store, 'T_TEST', 'Mine');
    const ga = buildContext(t.store, { actor: groupAdminActor([{ groupId: mine!.id, permissions: [] }]) });
    expect((await listGroups(ga, { limit: 50 })).groups.map((g) => g.name)).toEqual(['Mine']);
    expect(await code(listGroups(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { limit: 5 }))).toBe(
      'not_authorized',
    );
  });
});

describe('group admins', () => {
  it('makes a user a group admin with permissions, and back to user when they manage nothing more', async () => {
    const group = await createGroup(admin(), 'Managed');
    const person = await createUser(t.store);
    const made = await assignGroupAdmin(admin(), {
      groupName: 'managed',
      email: person.email,
      permissions: ['invite_deactivate'],
    });
    expect(made).toMatchObject({ role: 'group_admin', permissions: ['invite_deactivate'] });
    const updated = await assignGroupAdmin(admin(), { groupName: 'Managed', email: person.email, permissions: [] });
    expect(updated.permissions).toEqual([]);
    expect((await t.store.users.findById(person._id).lean())?.managedGroups).toEqual([
      { groupId: group.id, permissions: [] },
    ]);
    const ended = await removeGroupAdmin(admin(), { groupName: 'Managed', email: person.email });
    expect(ended.role).toBe('user');
    expect(
      await t.store.auditEntries.countDocuments({
        targetId: person._id,
        action: { $in: ['group.admin_assigned', 'group.admin_removed'] },
      }),
    ).toBe(3);
  });

  it('keeps an admin an admin, refuses deactivated people, strangers and non-admins', async () => {
    await createGroup(admin(), 'Chiefs');
    const boss = await createUser(t.store, { role: 'admin' });
    expect((await assignGroupAdmin(admin(), { groupName: 'Chiefs', email: boss.email, permissions: [] })).role).toBe(
      'admin',
    );
    const gone = await createUser(t.store, { status: 'deactivated' });
    expect(await code(assignGroupAdmin(admin(), { groupName: 'Chiefs', email: gone.email, permissions: [] }))).toBe(
      'invalid_state',
    );
    expect(
      await code(assignGroupAdmin(admin(), { groupName: 'Chiefs', email: 'ghost@example.com', permissions: [] })),
    ).toBe('not_found');
    const ga = buildContext(t.store, { actor: groupAdminActor([]) });
    expect(await code(assignGroupAdmin(ga, { groupName: 'Chiefs', email: boss.email, permissions: [] }))).toBe(
      'not_authorized',
    );
    expect(await code(removeGroupAdmin(admin(), { groupName: 'Chiefs', email: gone.email }))).toBe('invalid_state');
  });
});
