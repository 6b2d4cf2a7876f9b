import { beforeEach, describe, expect, it } from '@jest/globals';
import { cancelInvitation } from '../../../src/services/invitations/cancel-invitation.js';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { listPendingInvitations } from '../../../src/services/invitations/list-pending-invitations.js';
import { recordInvitationDeliveries } from '../../../src/services/invitations/record-invitation-delivery.js';
import { resendInvitations } from '../../../src/services/invitations/resend-invitations.js';
import { clearDatabase, refusal as refusalOf, useTestDatabase } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup,
  createOrganization,
  groupAdminActor,
  ORG_ID,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 100, proSeats: 5 });
});

const org = () => t.store.organizations.findById(ORG_ID).lean().exec();
const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);
const emails = (n: number, prefix = 'p') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}@example.com`);

describe('listPendingInvitations', () => {
  it('pages through pending invitations in email order, forwards and backwards', async () => {
    const ctx = buildContext(t.store);
    await inviteUsers(ctx, { emails: emails(25) });
    await cancelInvitation(ctx, 'p03@example.com');

    const first = await listPendingInvitations(ctx, { limit: 10 });
    expect(first.total).toBe(24);
    expect(first.invitations.map((i) => i.email)).toEqual(emails(11).filter((e) => e !== 'p03@example.com'));
    expect(first).toMatchObject({ hasNext: true, hasPrevious: false });

    const second = await listPendingInvitations(ctx, { after: first.invitations.at(-1)!.email, limit: 10 });
    expect(second.invitations[0]!.email).toBe('p11@example.com');
    expect(second).toMatchObject({ hasNext: true, hasPrevious: true });

    const third = await listPendingInvitations(ctx, { after: second.invitations.at(-1)!.email, limit: 10 });
    expect(third.invitations.map((i) => i.email)).toEqual([
      'p21@example.com',
      'p22@example.com',
      'p23@example.com',
      'p24@example.com',
    ]);
    expect(third).toMatchObject({ hasNext: false, hasPrevious: true });

    const back = await listPendingInvitations(ctx, { before: third.invitations[0]!.email, limit: 10 });
    expect(back.invitations.map((i) => i.email)).toEqual(second.invitations.map((i) => i.email));
    expect(back).toMatchObject({ hasNext: true, hasPrevious: true });

    const same = await listPendingInvitations(ctx, { from: second.invitations[0]!.email, limit: 10 });
    expect(same.invitations.map((i) => i.email)).toEqual(second.invitations.map((i) => i.email));
  });

  it('shows a group admin only the invitations into groups they manage, with group names', async () => {
    const mine = await createGroup(t.store, { name: 'Mine' });
    await createGroup(t.store, { name: 'Other' });
    const admin = buildContext(t.store);
    await inviteUsers(admin, { emails: ['in@example.com'], groupNames: ['Mine'] });
    await inviteUsers(admin, { emails: ['out@example.com'], groupNames: ['Other'] });
    await inviteUsers(admin, { emails: ['none@example.com'] });
    const ga = buildContext(t.store, {
      actor: groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]),
    });
    const page = await listPendingInvitations(ga, { limit: 10 });
    expect(page.total).toBe(1);
    expect(page.invitations).toEqual([
      expect.objectContaining({ email: 'in@example.com', groups: [{ id: mine._id, name: 'Mine' }] }),
    ]);
  });

  it('refuses plain users and group admins without the invite permission', async () => {
    const mine = await createGroup(t.store, { name: 'Mine' });
    expect(
      await refusal(
        listPendingInvitations(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { limit: 10 }),
      ),
    ).toMatchObject({ code: 'not_authorized' });
    const ga = buildContext(t.store, { actor: groupAdminActor([{ groupId: mine._id, permissions: [] }]) });
    expect(await refusal(listPendingInvitations(ga, { limit: 10 }))).toMatchObject({ code: 'not_authorized' });
    expect(await refusal(listPendingInvitations(buildContext(t.store), { limit: 0 }))).toMatchObject({
      code: 'invalid_input',
    });
  });
});

describe('resendInvitations', () => {
  it('counts one more send, keeps one pending invitation per email and reports the rest per address', async () => {
    const ctx = buildContext(t.store);
    await inviteUsers(ctx, { emails: ['a@example.com', 'gone@example.com'] });
    await cancelInvitation(ctx, 'gone@example.com');
    const later = buildContext(t.store, { now: () => new Date('2026-11-26T09:00:00Z') });
    const result = await resendInvitations(later, {
      emails: ['a@example.com', 'gone@example.com', 'never@example.com', 'bad address'],
    });
    expect(result.done).toEqual([expect.objectContaining({ email: 'a@example.com', reason: 'sent twice' })]);
    expect(result.skipped).toEqual([
      { email: 'gone@example.com', reason: 'the invitation was cancelled; invite again with `/ub invite`' },
      { email: 'never@example.com', reason: 'not invited; use `/ub invite`' },
    ]);
    expect(result.failed).toEqual([{ email: 'bad address', reason: 'not a valid email address' }]);
    const doc = await t.store.invitations.findById(`${ORG_ID}:a@example.com`).lean();
    expect(doc).toMatchObject({ status: 'pending', sendCount: 2, lastSentAt: new Date('2026-11-26T09:00:00Z') });
    expect(await t.store.invitations.countDocuments({ email: 'a@example.com' })).toBe(1);
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.resend' })).toBe(1);
    expect(await org()).toMatchObject({ seatsFree: 99 });
  });

  it('resends every pending invitation with all, and only those into their groups for a group admin', async () => {
    const mine = await createGroup(t.store, { name: 'Mine' });
    const admin = buildContext(t.store);
    await inviteUsers(admin, { emails: ['m1@example.com', 'm2@example.com'], groupNames: ['Mine'] });
    await inviteUsers(admin, { emails: ['x@example.com'] });
    const ga = buildContext(t.store, {
      actor: groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]),
    });
    const byGa = await resendInvitations(ga, { all: true });
    expect(byGa.done.map((d) => d.email)).toEqual(['m1@example.com', 'm2@example.com']);
    expect(byGa.done[0]!.invitation.groupNames).toEqual(['Mine']);
    const refused = await resendInvitations(ga, { emails: ['x@example.com'] });
    expect(refused.failed).toEqual([
      { email: 'x@example.com', reason: 'not invited into a group you manage with the invite permission' },
    ]);
    const byAdmin = await resendInvitations(admin, { all: true });
    expect(byAdmin.done.map((d) => d.email)).toEqual(['m1@example.com', 'm2@example.com', 'x@example.com']);
    expect((await t.store.invitations.findById(`${ORG_ID}:x@example.com`).lean())!.sendCount).toBe(2);
  });

  it('refuses a plain user', async () => {
    const user = buildContext(t.store, { actor: buildActor({ role: 'user' }) });
    expect(await refusal(resendInvitations(user, { all: true }))).toMatchObject({ code: 'not_authorized' });
    expect(await refusal(resendInvitations(user, { emails: ['a@example.com'] }))).toMatchObject({
      code: 'not_authorized',
    });
  });
});

describe('cancelInvitation', () => {
  it('frees the seat and the Pro seat, and writes an audit entry', async () => {
    const ctx = buildContext(t.store);
    await inviteUsers(ctx, { emails: ['pro@example.com'], pro: true });
    expect(await org()).toMatchObject({ seatsFree: 99, proSeatsFree: 4 });
    expect(await cancelInvitation(ctx, 'PRO@example.com')).toEqual({ email: 'pro@example.com', licenseType: 'pro' });
    expect(await org()).toMatchObject({ seatsFree: 100, proSeatsFree: 5 });
    expect(await t.store.invitations.findById(`${ORG_ID}:pro@example.com`).lean()).toMatchObject({
      status: 'cancelled',
    });
    expect(
      await t.store.auditEntries.countDocuments({ action: 'invitation.cancel', subjects: 'pro@example.com' }),
    ).toBe(1);
  });

  it('frees one seat when two admins cancel the same invitation at once; the other hears it is already cancelled', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['a@example.com'] });
    const outcomes = await Promise.allSettled([
      cancelInvitation(buildContext(t.store, { actor: buildActor({ email: 'one@example.com' }) }), 'a@example.com'),
      cancelInvitation(buildContext(t.store, { actor: buildActor({ email: 'two@example.com' }) }), 'a@example.com'),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected!.reason).toMatchObject({ code: 'invalid_state' });
    expect((rejected!.reason as Error).message).toContain('already cancelled');
    expect(await org()).toMatchObject({ seatsFree: 100 });
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.cancel' })).toBe(1);
  });

  it('refuses unknown addresses, malformed ones, and group admins outside their groups', async () => {
    const mine = await createGroup(t.store, { name: 'Mine' });
    await inviteUsers(buildContext(t.store), { emails: ['x@example.com'] });
    expect(await refusal(cancelInvitation(buildContext(t.store), 'nobody@example.com'))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(cancelInvitation(buildContext(t.store), 'not an email'))).toMatchObject({
      code: 'invalid_input',
    });
    const ga = buildContext(t.store, {
      actor: groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]),
    });
    expect(await refusal(cancelInvitation(ga, 'x@example.com'))).toMatchObject({ code: 'not_authorized' });
    expect(await t.store.invitations.findById(`${ORG_ID}:x@example.com`).lean()).toMatchObject({ status: 'pending' });
    expect(await org()).toMatchObject({ seatsFree: 99 });
  });
});

describe('recordInvitationDeliveries', () => {
  it('remembers the Slack user each DM went to, with an audit entry only when it changed', async () => {
    const ctx = buildContext(t.store);
    await inviteUsers(ctx, { emails: ['a@example.com', 'b@example.com'] });
    const delivered = (email: string, previous?: string) => ({
      email,
      slackUserId: `U_${email[0]!.toUpperCase()}`,
      previousSlackUserId: previous,
    });
    await recordInvitationDeliveries(ctx, [delivered('a@example.com'), delivered('b@example.com')]);
    await recordInvitationDeliveries(ctx, [delivered('a@example.com', 'U_A')]);
    expect(await t.store.invitations.findById(`${ORG_ID}:a@example.com`).lean()).toMatchObject({ slackUserId: 'U_A' });
    expect(await t.store.invitations.findById(`${ORG_ID}:b@example.com`).lean()).toMatchObject({ slackUserId: 'U_B' });
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.delivered' })).toBe(2);
  });

  it("writes the entry of a bulk run's DM once, however often its delivery is recorded", async () => {
    const ctx = buildContext(t.store);
    await inviteUsers(ctx, { emails: ['a@example.com'] });
    const delivery = {
      email: 'a@example.com',
      slackUserId: 'U_A',
      previousSlackUserId: undefined,
      auditId: 'run:1:dm',
    };
    await recordInvitationDeliveries(ctx, [delivery]);
    await recordInvitationDeliveries(ctx, [delivery]);
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.delivered' })).toBe(1);
  });
});
