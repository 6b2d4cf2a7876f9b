import { beforeEach, describe, expect, it } from '@jest/globals';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import type { UbError } from '../../../src/services/errors.js';
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
const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);

describe('inviteUsers', () => {
  it('invites new addresses: one pending invitation, one seat and one audit entry each', async () => {
    await createOrganization(t.store, { seats: 10 });
    const group = await createGroup(t.store, { name: 'Data Eng' });
    const result = await inviteUsers(buildContext(t.store), {
      emails: ['Ada@Example.com', 'bob@example.com'],
      groupNames: ['data eng'],
      message: 'Welcome aboard',
    });
    expect(result.done.map((d) => d.email)).toEqual(['ada@example.com', 'bob@example.com']);
    expect(result.done[0]!.invitation).toMatchObject({
      licenseType: 'standard',
      role: 'user',
      groupNames: ['Data Eng'],
      message: 'Welcome aboard',
    });
    expect(result.skipped).toEqual([]);
    expect(result.failed).toEqual([]);
    const invitation = await t.store.invitations.findById(`${ORG_ID}:ada@example.com`).lean();
    expect(invitation).toMatchObject({
      status: 'pending',
      sendCount: 1,
      groupIds: [group._id],
      role: 'user',
      licenseType: 'standard',
      invitedBy: 'actor@example.com',
    });
    expect(await org()).toMatchObject({ seats: 10, seatsFree: 8 });
    const audit = await t.store.auditEntries.find({ action: 'invitation.create' }).lean();
    expect(audit.map((a) => a.subjects[0]).sort()).toEqual(['ada@example.com', 'bob@example.com']);
    expect(audit[0]).toMatchObject({ source: 'command', actor: { email: 'actor@example.com' } });
    // Pending invitations do not count as members of their groups.
    expect((await t.store.groups.findById(group._id).lean())!.memberCount).toBe(0);
  });

  it('takes a Pro seat as well for a Pro invitation', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 2 });
    const result = await inviteUsers(buildContext(t.store), { emails: ['pro@example.com'], pro: true });
    expect(result.done[0]).toMatchObject({ email: 'pro@example.com', reason: 'invited with a Pro license' });
    expect(await org()).toMatchObject({ seatsFree: 9, proSeatsFree: 1 });
    expect(await t.store.invitations.findById(`${ORG_ID}:pro@example.com`).lean()).toMatchObject({
      licenseType: 'pro',
    });
  });

  it('skips active users, pending invitations and deactivated users with the reason, taking no seat', async () => {
    await createOrganization(t.store, { seats: 10 });
    await createUser(t.store, { email: 'active@example.com' });
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated' });
    await inviteUsers(buildContext(t.store), { emails: ['pending@example.com'] });
    const result = await inviteUsers(buildContext(t.store), {
      emails: ['active@example.com', 'pending@example.com', 'gone@example.com', 'new@example.com'],
    });
    expect(result.skipped).toEqual([
      { email: 'active@example.com', reason: 'already an active user' },
      { email: 'pending@example.com', reason: 'already invited, use `/ub resend`' },
      { email: 'gone@example.com', reason: 'deactivated; use `/ub reactivate`' },
    ]);
    expect(result.done.map((d) => d.email)).toEqual(['new@example.com']);
    expect(await org()).toMatchObject({ seatsFree: 8 });
  });

  it('reports malformed addresses one by one and invites the rest', async () => {
    await createOrganization(t.store, { seats: 10 });
    const result = await inviteUsers(buildContext(t.store), {
      emails: ['not-an-email', 'ok@example.com', 'a@b', 'OK@example.com '],
    });
    expect(result.failed).toEqual([
      { email: 'not-an-email', reason: 'not a valid email address' },
      { email: 'a@b', reason: 'not a valid email address' },
    ]);
    expect(result.done.map((d) => d.email)).toEqual(['ok@example.com']);
    expect(await org()).toMatchObject({ seatsFree: 9 });
  });

  it('fails the addresses beyond the last seat with the no-seats message, and still reports every address', async () => {
    await createOrganization(t.store, { seats: 5, seatsFree: 2 });
    await createUser(t.store, { email: 'member@example.com' });
    const result = await inviteUsers(buildContext(t.store), {
      emails: ['a@example.com', 'b@example.com', 'c@example.com', 'member@example.com', 'd@example.com'],
    });
    expect(result.done).toHaveLength(2);
    const invited = result.done.map((d) => d.email);
    const expectedFailed = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'].filter(
      (e) => !invited.includes(e),
    );
    expect(result.failed.map((f) => f.email)).toEqual(expectedFailed);
    for (const failure of result.failed)
      expect(failure.reason).toContain('the account has 5 licenses and 5 are in use');
    expect(result.skipped).toEqual([{ email: 'member@example.com', reason: 'already an active user' }]);
    expect(await org()).toMatchObject({ seatsFree: 0 });
    expect(await t.store.invitations.countDocuments({ status: 'pending' })).toBe(2);
  });

  it('refuses the whole request when a group does not exist, before taking any seat', async () => {
    await createOrganization(t.store, { seats: 10 });
    await createGroup(t.store, { name: 'Sales' });
    const error = await refusal(
      inviteUsers(buildContext(t.store), { emails: ['a@example.com'], groupNames: ['Sales', 'Marketing'] }),
    );
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error!.message).toContain('“Marketing”');
    expect(error!.message).not.toContain('“Sales”');
    expect(await org()).toMatchObject({ seatsFree: 10 });
    expect(await t.store.invitations.countDocuments({})).toBe(0);
  });

  it('refuses an over-long message and an empty or too long list', async () => {
    await createOrganization(t.store, { seats: 10 });
    const ctx = buildContext(t.store);
    expect(await refusal(inviteUsers(ctx, { emails: ['a@example.com'], message: 'x'.repeat(1001) }))).toMatchObject({
      code: 'invalid_input',
    });
    expect(await refusal(inviteUsers(ctx, { emails: ['  '] }))).toMatchObject({ code: 'invalid_input' });
    const many = Array.from({ length: 1001 }, (_, i) => `p${i}@example.com`);
    expect(await refusal(inviteUsers(ctx, { emails: many }))).toMatchObject({ code: 'invalid_input' });
    expect(await t.store.invitations.countDocuments({})).toBe(0);
  });

  it('refuses group_admin as an invitation role and points to /ub group admin', async () => {
    await createOrganization(t.store, { seats: 10 });
    const error = await refusal(inviteUsers(buildContext(t.store), { emails: ['a@example.com'], role: 'group_admin' }));
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error!.message).toContain('/ub group admin');
  });

  it('reuses a cancelled invitation of the same address as a fresh one', async () => {
    await createOrganization(t.store, { seats: 10 });
    await t.store.invitations.create({
      _id: `${ORG_ID}:again@example.com`,
      orgId: ORG_ID,
      email: 'again@example.com',
      status: 'cancelled',
      role: 'user',
      licenseType: 'standard',
      groupIds: [],
      sendCount: 3,
      firstSentAt: new Date('2026-01-01'),
      lastSentAt: new Date('2026-01-02'),
      cancelledAt: new Date('2026-01-03'),
    });
    const result = await inviteUsers(buildContext(t.store), { emails: ['again@example.com'], role: 'admin' });
    expect(result.done).toHaveLength(1);
    const doc = await t.store.invitations.findById(`${ORG_ID}:again@example.com`).lean();
    expect(doc).toMatchObject({ status: 'pending', sendCount: 1, role: 'admin' });
    expect(doc!.cancelledAt).toBeUndefined();
  });
});

describe('inviteUsers authorization', () => {
  it('lets a group admin with the invite permission invite into the groups they manage', async () => {
    await createOrganization(t.store, { seats: 10 });
    const mine = await createGroup(t.store, { name: 'Mine' });
    const actor = groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]);
    const result = await inviteUsers(buildContext(t.store, { actor }), {
      emails: ['a@example.com'],
      groupNames: ['Mine'],
    });
    expect(result.done).toHaveLength(1);
  });

  it('refuses a group admin inviting into a group they do not manage, naming it', async () => {
    await createOrganization(t.store, { seats: 10 });
    const mine = await createGroup(t.store, { name: 'Mine' });
    await createGroup(t.store, { name: 'Theirs' });
    const actor = groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]);
    const error = await refusal(
      inviteUsers(buildContext(t.store, { actor }), { emails: ['a@example.com'], groupNames: ['Mine', 'Theirs'] }),
    );
    expect(error).toMatchObject({ code: 'not_authorized' });
    expect(error!.message).toContain('“Theirs”');
    expect(await t.store.invitations.countDocuments({})).toBe(0);
    expect(await org()).toMatchObject({ seatsFree: 10 });
  });

  it('requires a group from a group admin, and refuses them a role or Pro', async () => {
    await createOrganization(t.store, { seats: 10 });
    const mine = await createGroup(t.store, { name: 'Mine' });
    const ctx = buildContext(t.store, {
      actor: groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]),
    });
    expect((await refusal(inviteUsers(ctx, { emails: ['a@example.com'] })))!.message).toContain('--group');
    expect(
      await refusal(inviteUsers(ctx, { emails: ['a@example.com'], groupNames: ['Mine'], role: 'admin' })),
    ).toMatchObject({ code: 'not_authorized' });
    expect(
      await refusal(inviteUsers(ctx, { emails: ['a@example.com'], groupNames: ['Mine'], pro: true })),
    ).toMatchObject({ code: 'not_authorized' });
    expect(await t.store.invitations.countDocuments({})).toBe(0);
  });

  it('refuses a group admin without the invite permission, and a plain user', async () => {
    await createOrganization(t.store, { seats: 10 });
    const mine = await createGroup(t.store, { name: 'Mine' });
    const noPermission = buildContext(t.store, { actor: groupAdminActor([{ groupId: mine._id, permissions: [] }]) });
    expect(
      (await refusal(inviteUsers(noPermission, { emails: ['a@example.com'], groupNames: ['Mine'] })))!.message,
    ).toContain('permissions do not include inviting');
    const user = buildContext(t.store, { actor: buildActor({ role: 'user' }) });
    expect((await refusal(inviteUsers(user, { emails: ['a@example.com'] })))!.message).toContain('Only ub admins');
    expect(await t.store.invitations.countDocuments({})).toBe(0);
  });
});

describe('inviteUsers at the same time', () => {
  it('gives exactly 5 of 10 parallel invitations the 5 seats left', async () => {
    await createOrganization(t.store, { seats: 20, seatsFree: 5 });
    const ctx = buildContext(t.store);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => inviteUsers(ctx, { emails: [`p${i}@example.com`] })),
    );
    expect(results.filter((r) => r.done.length === 1)).toHaveLength(5);
    expect(
      results.filter((r) => r.failed.length === 1 && r.failed[0]!.reason.includes('No license is left')),
    ).toHaveLength(5);
    expect(await org()).toMatchObject({ seatsFree: 0 });
    expect(await t.store.invitations.countDocuments({ status: 'pending' })).toBe(5);
  });

  it('creates one invitation and takes one seat when two admins invite the same address at once', async () => {
    await createOrganization(t.store, { seats: 10 });
    const [first, second] = await Promise.all([
      inviteUsers(buildContext(t.store, { actor: buildActor({ email: 'one@example.com' }) }), {
        emails: ['same@example.com'],
      }),
      inviteUsers(buildContext(t.store, { actor: buildActor({ email: 'two@example.com' }) }), {
        emails: ['same@example.com'],
      }),
    ]);
    expect(first!.done.length + second!.done.length).toBe(1);
    expect([...first!.skipped, ...second!.skipped]).toEqual([
      { email: 'same@example.com', reason: 'already invited, use `/ub resend`' },
    ]);
    expect(await org()).toMatchObject({ seatsFree: 9 });
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.create' })).toBe(1);
  });

  it('reports progress for every address', async () => {
    await createOrganization(t.store, { seats: 100 });
    const seen: number[] = [];
    await inviteUsers(buildContext(t.store), {
      emails: Array.from({ length: 30 }, (_, i) => `n${i}@example.com`),
      onProgress: (handled, total) => {
        expect(total).toBe(30);
        seen.push(handled);
      },
    });
    expect(seen).toHaveLength(30);
    expect(Math.max(...seen)).toBe(30);
  });
});
