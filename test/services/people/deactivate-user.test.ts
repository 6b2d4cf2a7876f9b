import { beforeEach, describe, expect, it } from '@jest/globals';
import type { UbError } from '../../../src/services/errors.js';
import { deactivateUser, previewDeactivation } from '../../../src/services/people/deactivate-user.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { reactivateUser } from '../../../src/services/people/reactivate-user.js';
import { useTestDatabase, clearDatabase, refusal as refusalOf } from '../../support/use-test-database.js';
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
beforeEach(() => clearDatabase(t.store));

const org = () => t.store.organizations.findById(ORG_ID).lean().exec();
const user = (email: string) => t.store.users.findById(`${ORG_ID}:${email}`).lean().exec();
const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);
const admin = (email: string) => buildActor({ email, userId: `${ORG_ID}:${email}` });

describe('deactivateUser', () => {
  it('frees the seat and the Pro seat, ends group-admin assignments, keeps groups and history, and writes an audit entry', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5, proSeats: 2, proSeatsFree: 0 });
    const data = await createGroup(t.store, { name: 'Data Eng', memberCount: 1 });
    await createUser(t.store, {
      email: 'ada@example.com',
      role: 'group_admin',
      licenseType: 'pro',
      groupIds: [data._id],
      managedGroups: [{ groupId: data._id, permissions: ['invite_deactivate'] }],
      lastActivityAt: new Date('2026-10-01T00:00:00Z'),
    });
    const result = await deactivateUser(buildContext(t.store), 'ada@example.com');
    expect(result).toMatchObject({
      email: 'ada@example.com',
      licenseType: 'pro',
      groupNames: ['Data Eng'],
      endedManagedGroupNames: ['Data Eng'],
    });

    expect(await user('ada@example.com')).toMatchObject({
      status: 'deactivated',
      role: 'group_admin',
      groupIds: [data._id],
      managedGroups: [],
      managedGroupsAtDeactivation: [{ groupId: data._id, permissions: ['invite_deactivate'] }],
      deactivatedAt: new Date('2026-11-25T10:00:00Z'),
      deactivatedBy: 'actor@example.com',
      lastActivityAt: new Date('2026-10-01T00:00:00Z'),
      version: 1,
    });
    expect(await org()).toMatchObject({ seatsFree: 6, proSeatsFree: 1 });
    expect((await t.store.groups.findById(data._id).lean())?.memberCount).toBe(1);
    const audit = await t.store.auditEntries.findOne({ action: 'user.deactivate' }).lean();
    expect(audit).toMatchObject({
      targetId: `${ORG_ID}:ada@example.com`,
      subjects: ['ada@example.com', data._id],
      before: { status: 'active', licenseType: 'pro' },
      after: { status: 'deactivated', managedGroups: [] },
      actor: { email: 'actor@example.com', role: 'admin' },
      source: 'command',
    });
  });

  it('lets one of two admins deactivating the same person at once win; the other hears it is already done, and the seat is freed once', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5 });
    await createUser(t.store, { email: 'bob@example.com' });
    const results = await Promise.allSettled([
      deactivateUser(buildContext(t.store, { actor: admin('a1@example.com') }), 'bob@example.com'),
      deactivateUser(buildContext(t.store, { actor: admin('a2@example.com') }), 'bob@example.com'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({
      code: 'invalid_state',
      message: expect.stringMatching(/^bob@example\.com is already deactivated by a[12]@example\.com/),
    });
    expect(await org()).toMatchObject({ seatsFree: 6 });
    expect(await t.store.auditEntries.countDocuments({ action: 'user.deactivate' })).toBe(1);
  });

  it('refuses deactivating yourself and the last active admin, saying why', async () => {
    await createOrganization(t.store);
    await createUser(t.store, { email: 'only@example.com', role: 'admin' });
    const self = await refusal(
      deactivateUser(buildContext(t.store, { actor: admin('only@example.com') }), 'only@example.com'),
    );
    expect(self).toMatchObject({
      code: 'invalid_state',
      message: expect.stringContaining('You cannot deactivate yourself'),
    });
    // The actor here is a system-like admin with no user of their own, so only@ is the last active admin.
    const last = await refusal(deactivateUser(buildContext(t.store), 'only@example.com'));
    expect(last).toMatchObject({ code: 'invalid_state', message: expect.stringContaining('is the last active admin') });
    expect(await refusal(previewDeactivation(buildContext(t.store), 'only@example.com'))).toMatchObject({
      message: expect.stringContaining('last active admin'),
    });
    expect((await user('only@example.com'))?.status).toBe('active');
  });

  it('never leaves the organization without an admin when two admins deactivate each other at once', async () => {
    await createOrganization(t.store);
    await createUser(t.store, { email: 'a1@example.com', role: 'admin' });
    await createUser(t.store, { email: 'a2@example.com', role: 'admin' });
    const results = await Promise.allSettled([
      deactivateUser(buildContext(t.store, { actor: admin('a1@example.com') }), 'a2@example.com'),
      deactivateUser(buildContext(t.store, { actor: admin('a2@example.com') }), 'a1@example.com'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { message: expect.stringContaining('last active admin') },
    });
    expect(await t.store.users.countDocuments({ role: 'admin', status: 'active' })).toBe(1);
    expect(await t.store.locks.countDocuments({})).toBe(0);
  });

  it('lets a group admin with the invite/deactivate permission deactivate users of their groups only', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5 });
    const mine = await createGroup(t.store, { name: 'Mine' });
    const theirs = await createGroup(t.store, { name: 'Theirs' });
    await createUser(t.store, { email: 'in@example.com', groupIds: [mine._id] });
    await createUser(t.store, { email: 'out@example.com', groupIds: [theirs._id] });
    await createUser(t.store, { email: 'boss@example.com', role: 'admin', groupIds: [mine._id] });
    const ga = buildContext(t.store, {
      actor: groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]),
    });
    expect(await refusal(deactivateUser(ga, 'out@example.com'))).toMatchObject({
      code: 'not_authorized',
      message: 'out@example.com is not in a group you manage with the invite/deactivate permission.',
    });
    expect(await refusal(deactivateUser(ga, 'boss@example.com'))).toMatchObject({
      code: 'not_authorized',
      message: expect.stringContaining('only admins can deactivate admins'),
    });
    expect((await deactivateUser(ga, 'in@example.com')).email).toBe('in@example.com');
    expect(await org()).toMatchObject({ seatsFree: 6 });

    const noPermission = buildContext(t.store, { actor: groupAdminActor([{ groupId: mine._id, permissions: [] }]) });
    expect(await refusal(deactivateUser(noPermission, 'in@example.com'))).toMatchObject({
      code: 'not_authorized',
      message: expect.stringContaining('do not include inviting or deactivating'),
    });
    expect(
      await refusal(
        deactivateUser(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), 'nobody@example.com'),
      ),
    ).toMatchObject({
      code: 'not_authorized',
      message: expect.stringContaining('Only ub admins'),
    });
    expect(await user('out@example.com')).toMatchObject({ status: 'active' });
  });

  it('says what to do for a pending invitation, an unknown person and a malformed email', async () => {
    await createOrganization(t.store);
    await inviteUsers(buildContext(t.store), { emails: ['invited@example.com'] });
    expect(await refusal(deactivateUser(buildContext(t.store), 'invited@example.com'))).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('/ub cancel invited@example.com'),
    });
    expect(await refusal(deactivateUser(buildContext(t.store), 'nobody@example.com'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(deactivateUser(buildContext(t.store), 'nope'))).toMatchObject({ code: 'invalid_input' });
  });

  it('previews what will happen without changing anything', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5 });
    const data = await createGroup(t.store, { name: 'Data Eng' });
    await createUser(t.store, {
      email: 'bob@example.com',
      role: 'group_admin',
      groupIds: [data._id],
      managedGroups: [{ groupId: data._id, permissions: [] }],
    });
    expect(await previewDeactivation(buildContext(t.store), 'bob@example.com')).toMatchObject({
      groupNames: ['Data Eng'],
      endedManagedGroupNames: ['Data Eng'],
      licenseType: 'standard',
    });
    expect(await user('bob@example.com')).toMatchObject({ status: 'active', version: 0 });
    expect(await org()).toMatchObject({ seatsFree: 5 });
  });
});

describe('reactivateUser', () => {
  it('takes a seat, restores the role, groups and the managed groups that still exist, and writes an audit entry', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5, proSeats: 2, proSeatsFree: 2 });
    const kept = await createGroup(t.store, { name: 'Kept' });
    const doomed = await createGroup(t.store, { name: 'Doomed' });
    await createUser(t.store, {
      email: 'ada@example.com',
      role: 'group_admin',
      licenseType: 'pro',
      groupIds: [kept._id],
      managedGroups: [
        { groupId: kept._id, permissions: ['invite_deactivate'] },
        { groupId: doomed._id, permissions: [] },
      ],
    });
    await deactivateUser(buildContext(t.store), 'ada@example.com');
    await t.store.groups.deleteOne({ _id: doomed._id });
    await t.store.groupNames.deleteMany({ groupId: doomed._id });

    const result = await reactivateUser(buildContext(t.store), 'ada@example.com');
    expect(result).toEqual({
      email: 'ada@example.com',
      name: expect.any(String),
      role: 'group_admin',
      licenseType: 'pro',
      proNotAvailable: false,
      groupNames: ['Kept'],
      restoredManagedGroupNames: ['Kept'],
      droppedManagedGroupCount: 1,
    });
    expect(await user('ada@example.com')).toMatchObject({
      status: 'active',
      role: 'group_admin',
      managedGroups: [{ groupId: kept._id, permissions: ['invite_deactivate'] }],
      managedGroupsAtDeactivation: [],
      groupIds: [kept._id],
    });
    expect((await user('ada@example.com'))?.deactivatedAt).toBeUndefined();
    expect(await org()).toMatchObject({ seatsFree: 5, proSeatsFree: 2 });
    expect(await t.store.auditEntries.findOne({ action: 'user.reactivate' }).lean()).toMatchObject({
      before: { status: 'deactivated' },
      after: { status: 'active', licenseType: 'pro' },
    });
  });

  it('fails when no seat is left, saying how many are in use, and changes nothing', async () => {
    await createOrganization(t.store, { seats: 3, seatsFree: 0 });
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated' });
    const error = await refusal(reactivateUser(buildContext(t.store), 'gone@example.com'));
    expect(error).toMatchObject({
      code: 'no_seats',
      message: expect.stringContaining('the account has 3 licenses and 3 are in use'),
    });
    expect(await user('gone@example.com')).toMatchObject({ status: 'deactivated', version: 0 });
    expect(await org()).toMatchObject({ seatsFree: 0 });
  });

  it('comes back with a standard license when they had Pro and no Pro license is free', async () => {
    await createOrganization(t.store, { seats: 3, seatsFree: 1, proSeats: 1, proSeatsFree: 0 });
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated', licenseType: 'pro' });
    expect(await reactivateUser(buildContext(t.store), 'gone@example.com')).toMatchObject({
      licenseType: 'standard',
      proNotAvailable: true,
    });
    expect(await org()).toMatchObject({ seatsFree: 0, proSeatsFree: 0 });
  });

  it('lets one of two admins reactivating at once win and gives the loser’s seat back', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5 });
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated' });
    const results = await Promise.allSettled([
      reactivateUser(buildContext(t.store, { actor: admin('a1@example.com') }), 'gone@example.com'),
      reactivateUser(buildContext(t.store, { actor: admin('a2@example.com') }), 'gone@example.com'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'invalid_state', message: 'gone@example.com is already active; nothing changed.' },
    });
    expect(await org()).toMatchObject({ seatsFree: 4 });
  });

  it('is for admins only, and refuses active people', async () => {
    await createOrganization(t.store);
    const group = await createGroup(t.store);
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated', groupIds: [group._id] });
    await createUser(t.store, { email: 'here@example.com' });
    const ga = groupAdminActor([{ groupId: group._id, permissions: ['invite_deactivate'] }]);
    expect(await refusal(reactivateUser(buildContext(t.store, { actor: ga }), 'gone@example.com'))).toMatchObject({
      code: 'not_authorized',
    });
    expect(await refusal(reactivateUser(buildContext(t.store), 'here@example.com'))).toMatchObject({
      code: 'invalid_state',
    });
  });
});
