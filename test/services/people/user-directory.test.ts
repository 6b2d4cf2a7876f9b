import { beforeEach, describe, expect, it } from '@jest/globals';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { getUserProfile } from '../../../src/services/people/get-user-profile.js';
import { searchUsers } from '../../../src/services/people/search-users.js';
import { clearDatabase, refusal as refusalOf, useTestDatabase } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup,
  createOrganization,
  createUser,
  groupAdminActor,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store);
});

const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);

describe('getUserProfile', () => {
  it('shows role, status, license, group names, managed groups and dates, and an empty course list', async () => {
    const data = await createGroup(t.store, { name: 'Data Eng' });
    const sales = await createGroup(t.store, { name: 'Sales' });
    await createUser(t.store, {
      email: 'ada@example.com',
      firstName: 'Ada',
      surname: 'Lovelace',
      role: 'group_admin',
      licenseType: 'pro',
      groupIds: [data._id, sales._id],
      managedGroups: [{ groupId: data._id, permissions: ['invite_deactivate'] }],
      externalId: 'E-1',
      slackUserId: 'U_ADA',
    });
    const profile = await getUserProfile(buildContext(t.store), 'Ada@Example.com');
    expect(profile).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'group_admin',
      status: 'active',
      licenseType: 'pro',
      groups: [
        { id: data._id, name: 'Data Eng' },
        { id: sales._id, name: 'Sales' },
      ],
      managedGroups: [{ id: data._id, name: 'Data Eng', permissions: ['invite_deactivate'] }],
      externalId: 'E-1',
      slackUserId: 'U_ADA',
      joinedAt: new Date('2026-01-01T00:00:00Z'),
      courses: [],
    });
  });

  it('leaves out groups that were deleted', async () => {
    const kept = await createGroup(t.store, { name: 'Kept' });
    await createUser(t.store, { email: 'ada@example.com', groupIds: [kept._id, 'T_TEST:g:gone'] });
    expect((await getUserProfile(buildContext(t.store), 'ada@example.com')).groups).toEqual([
      { id: kept._id, name: 'Kept' },
    ]);
  });

  it('lets a user see themself and refuses them anyone else', async () => {
    await createUser(t.store, { email: 'me@example.com' });
    await createUser(t.store, { email: 'other@example.com' });
    const me = buildActor({ role: 'user', email: 'me@example.com' });
    expect((await getUserProfile(buildContext(t.store, { actor: me }), 'me@example.com')).email).toBe('me@example.com');
    const error = await refusal(getUserProfile(buildContext(t.store, { actor: me }), 'other@example.com'));
    expect(error).toMatchObject({ code: 'not_authorized' });
    expect(error?.message).toContain('/ub user me');
    // Not even whether the address exists.
    expect(await refusal(getUserProfile(buildContext(t.store, { actor: me }), 'nobody@example.com'))).toMatchObject({
      code: 'not_authorized',
    });
  });

  it('lets a group admin see people of their groups only, and deactivated ones only with the invite/deactivate permission', async () => {
    const mine = await createGroup(t.store, { name: 'Mine' });
    const theirs = await createGroup(t.store, { name: 'Theirs' });
    await createUser(t.store, { email: 'in@example.com', groupIds: [mine._id] });
    await createUser(t.store, { email: 'out@example.com', groupIds: [theirs._id] });
    await createUser(t.store, { email: 'gone@example.com', groupIds: [mine._id], status: 'deactivated' });
    const viewer = groupAdminActor([{ groupId: mine._id, permissions: [] }]);
    expect((await getUserProfile(buildContext(t.store, { actor: viewer }), 'in@example.com')).email).toBe(
      'in@example.com',
    );
    expect(await refusal(getUserProfile(buildContext(t.store, { actor: viewer }), 'out@example.com'))).toMatchObject({
      code: 'not_authorized',
      message: 'out@example.com is not in a group you manage.',
    });
    expect(await refusal(getUserProfile(buildContext(t.store, { actor: viewer }), 'gone@example.com'))).toMatchObject({
      code: 'not_authorized',
    });
    const deactivator = groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]);
    expect((await getUserProfile(buildContext(t.store, { actor: deactivator }), 'gone@example.com')).status).toBe(
      'deactivated',
    );
  });

  it('says when the address is only invited, unknown, or not an email', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['invited@example.com'] });
    expect(await refusal(getUserProfile(buildContext(t.store), 'invited@example.com'))).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('invitation is pending'),
    });
    expect(await refusal(getUserProfile(buildContext(t.store), 'nobody@example.com'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(getUserProfile(buildContext(t.store), 'not-an-email'))).toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('searchUsers', () => {
  it('pages through everyone in email order with next and previous cursors', async () => {
    for (let i = 0; i < 25; i++) await createUser(t.store, { email: `p${String(i).padStart(2, '0')}@example.com` });
    const first = await searchUsers(buildContext(t.store), { limit: 10 });
    expect(first.users.map((u) => u.email)).toEqual(
      Array.from({ length: 10 }, (_, i) => `p${String(i).padStart(2, '0')}@example.com`),
    );
    expect(first).toMatchObject({ hasNext: true, hasPrevious: false });
    const second = await searchUsers(buildContext(t.store), { limit: 10, after: first.users.at(-1)!.email });
    expect(second.users[0]!.email).toBe('p10@example.com');
    expect(second).toMatchObject({ hasNext: true, hasPrevious: true });
    const third = await searchUsers(buildContext(t.store), { limit: 10, after: second.users.at(-1)!.email });
    expect(third.users.map((u) => u.email)).toEqual([
      'p20@example.com',
      'p21@example.com',
      'p22@example.com',
      'p23@example.com',
      'p24@example.com',
    ]);
    expect(third).toMatchObject({ hasNext: false, hasPrevious: true });
    const back = await searchUsers(buildContext(t.store), { limit: 10, before: third.users[0]!.email });
    expect(back.users).toEqual(second.users);
    expect(back).toMatchObject({ hasNext: true, hasPrevious: true });
    const start = await searchUsers(buildContext(t.store), { limit: 10, before: back.users[0]!.email });
    expect(start.users).toEqual(first.users);
    expect(start).toMatchObject({ hasNext: true, hasPrevious: false });
  });

  it('finds people by the beginning of any word of their name or email, in any case, taking regex characters literally', async () => {
    await createUser(t.store, { email: 'ada@example.com', firstName: 'Ada', surname: 'Lovelace' });
    await createUser(t.store, { email: 'alan@example.com', firstName: 'Alan', surname: 'Turing' });
    await createUser(t.store, { email: 'grace.hopper@navy.example', firstName: 'Grace', surname: 'Hopper' });
    const find = async (query: string) =>
      (await searchUsers(buildContext(t.store), { query, limit: 10 })).users.map((u) => u.email);
    expect(await find('LOVE')).toEqual(['ada@example.com']);
    expect(await find('a')).toEqual(['ada@example.com', 'alan@example.com']);
    expect(await find('exam')).toHaveLength(3);
    expect(await find('ove')).toEqual([]);
    expect(await find('grace.h')).toEqual(['grace.hopper@navy.example']);
    expect(await find('hopper grace')).toEqual(['grace.hopper@navy.example']);
    expect(await find('ada turing')).toEqual([]);
    expect(await find('hopper.*')).toEqual(['grace.hopper@navy.example']);
    expect(await refusal(find('(.*)'))).toMatchObject({ code: 'invalid_input' });
  });

  it('filters by status, license, role and group name', async () => {
    const data = await createGroup(t.store, { name: 'Data Eng' });
    await createUser(t.store, { email: 'a@example.com', role: 'admin' });
    await createUser(t.store, { email: 'b@example.com', licenseType: 'pro', groupIds: [data._id] });
    await createUser(t.store, {
      email: 'c@example.com',
      status: 'deactivated',
      licenseType: 'pro',
      groupIds: [data._id],
    });
    await createUser(t.store, { email: 'd@example.com', role: 'group_admin' });
    const emails = async (filters: Parameters<typeof searchUsers>[1]) =>
      (await searchUsers(buildContext(t.store), filters)).users.map((u) => u.email);
    expect(await emails({ limit: 10, status: 'deactivated' })).toEqual(['c@example.com']);
    expect(await emails({ limit: 10, status: 'active' })).toEqual(['a@example.com', 'b@example.com', 'd@example.com']);
    expect(await emails({ limit: 10, license: 'pro' })).toEqual(['b@example.com']);
    expect(await emails({ limit: 10, role: 'admin' })).toEqual(['a@example.com']);
    expect(await emails({ limit: 10, role: 'group_admin' })).toEqual(['d@example.com']);
    expect(await emails({ limit: 10, groupName: 'data eng' })).toEqual(['b@example.com', 'c@example.com']);
    const page = await searchUsers(buildContext(t.store), { limit: 10, groupName: 'Data Eng', status: 'active' });
    expect(page.users).toEqual([
      {
        email: 'b@example.com',
        name: expect.any(String),
        role: 'user',
        status: 'active',
        licenseType: 'pro',
        groups: [{ id: data._id, name: 'Data Eng' }],
      },
    ]);
  });

  it('refuses an unknown group, contradictory filters and a bad page size', async () => {
    expect(await refusal(searchUsers(buildContext(t.store), { limit: 10, groupName: 'Nope' }))).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('No group named “Nope”'),
    });
    expect(
      await refusal(searchUsers(buildContext(t.store), { limit: 10, status: 'deactivated', license: 'pro' })),
    ).toMatchObject({ code: 'invalid_input' });
    expect(await refusal(searchUsers(buildContext(t.store), { limit: 0 }))).toMatchObject({ code: 'invalid_input' });
    expect(await refusal(searchUsers(buildContext(t.store), { limit: 10, query: 'x'.repeat(101) }))).toMatchObject({
      code: 'invalid_input',
    });
  });

  it('keeps group admins inside their groups, and deactivated people inside the groups where they may deactivate', async () => {
    const mine = await createGroup(t.store, { name: 'Mine' });
    const viewOnly = await createGroup(t.store, { name: 'View only' });
    const theirs = await createGroup(t.store, { name: 'Theirs' });
    await createUser(t.store, { email: 'a-in@example.com', groupIds: [mine._id] });
    await createUser(t.store, { email: 'b-gone@example.com', groupIds: [mine._id], status: 'deactivated' });
    await createUser(t.store, { email: 'c-view@example.com', groupIds: [viewOnly._id] });
    await createUser(t.store, { email: 'd-viewgone@example.com', groupIds: [viewOnly._id], status: 'deactivated' });
    await createUser(t.store, { email: 'e-out@example.com', groupIds: [theirs._id] });
    const actor = groupAdminActor([
      { groupId: mine._id, permissions: ['invite_deactivate'] },
      { groupId: viewOnly._id, permissions: [] },
    ]);
    const ctx = buildContext(t.store, { actor });
    expect((await searchUsers(ctx, { limit: 10 })).users.map((u) => u.email)).toEqual([
      'a-in@example.com',
      'b-gone@example.com',
      'c-view@example.com',
    ]);
    expect((await searchUsers(ctx, { limit: 10, groupName: 'View only' })).users.map((u) => u.email)).toEqual([
      'c-view@example.com',
    ]);
    expect(await refusal(searchUsers(ctx, { limit: 10, groupName: 'Theirs' }))).toMatchObject({
      code: 'not_authorized',
    });

    const viewer = buildContext(t.store, { actor: groupAdminActor([{ groupId: viewOnly._id, permissions: [] }]) });
    expect(await refusal(searchUsers(viewer, { limit: 10, status: 'deactivated' }))).toMatchObject({
      code: 'not_authorized',
    });
    expect(
      await refusal(searchUsers(buildContext(t.store, { actor: groupAdminActor([]) }), { limit: 10 })),
    ).toMatchObject({
      code: 'not_authorized',
      message: expect.stringContaining('You manage no group yet'),
    });
  });

  it('refuses plain users', async () => {
    expect(
      await refusal(searchUsers(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { limit: 10 })),
    ).toMatchObject({
      code: 'not_authorized',
      message: expect.stringContaining('/ub user me'),
    });
  });
});
