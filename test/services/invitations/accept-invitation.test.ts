import { beforeEach, describe, expect, it } from '@jest/globals';
import { acceptInvitation } from '../../../src/services/invitations/accept-invitation.js';
import { cancelInvitation } from '../../../src/services/invitations/cancel-invitation.js';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { searchUsers } from '../../../src/services/people/search-users.js';
import { clearDatabase, refusal as refusalOf, useTestDatabase } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup,
  createOrganization,
  createUser,
  ORG_ID,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 10, proSeats: 2 });
});

const org = () => t.store.organizations.findById(ORG_ID).lean().exec();
const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);
/** The invitee themself, as the Slack layer resolves them (a plain user with their profile email). */
const invitee = (email: string, slackUserId = 'U_NEW') =>
  buildContext(t.store, {
    actor: buildActor({ role: 'user', email, slackUserId, userId: undefined }),
    source: 'button',
  });

describe('acceptInvitation', () => {
  it('makes the invitee an active user with the role, license and groups of the invitation, keeping the seat', async () => {
    const group = await createGroup(t.store, { name: 'Data Eng' });
    await inviteUsers(buildContext(t.store), {
      emails: ['new@example.com'],
      groupNames: ['Data Eng'],
      role: 'admin',
      pro: true,
    });
    expect(await org()).toMatchObject({ seatsFree: 9, proSeatsFree: 1 });

    const accepted = await acceptInvitation(invitee('new@example.com'), {
      email: 'New@Example.com',
      slackUserId: 'U_NEW',
      realName: 'Ada  Lovelace King',
    });
    expect(accepted).toEqual({
      email: 'new@example.com',
      role: 'admin',
      licenseType: 'pro',
      groupNames: ['Data Eng'],
      language: 'en',
      alreadyJoined: false,
    });

    const user = await t.store.users.findById(`${ORG_ID}:new@example.com`).lean();
    expect(user).toMatchObject({
      status: 'active',
      role: 'admin',
      licenseType: 'pro',
      groupIds: [group._id],
      firstName: 'Ada',
      surname: 'Lovelace King',
      slackUserId: 'U_NEW',
      joinedAt: new Date('2026-11-25T10:00:00Z'),
    });
    expect(await t.store.invitations.findById(`${ORG_ID}:new@example.com`).lean()).toMatchObject({
      status: 'accepted',
      slackUserId: 'U_NEW',
    });
    expect((await t.store.groups.findById(group._id).lean())!.memberCount).toBe(1);
    expect(await org()).toMatchObject({ seatsFree: 9, proSeatsFree: 1 });
    const found = await searchUsers(buildContext(t.store), { query: 'king lovelace', limit: 10 });
    expect(found.users.map((u) => u.email)).toEqual(['new@example.com']);
    const audit = await t.store.auditEntries.findOne({ action: 'invitation.accept' }).lean();
    expect(audit).toMatchObject({
      source: 'button',
      subjects: ['new@example.com', group._id],
      actor: { email: 'new@example.com' },
    });
  });

  it('creates one user and counts the group once when the Accept button is clicked twice at once', async () => {
    const group = await createGroup(t.store, { name: 'G' });
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'], groupNames: ['G'] });
    const input = { email: 'new@example.com', slackUserId: 'U_NEW', realName: 'Ada' };
    const [a, b] = await Promise.all([
      acceptInvitation(invitee('new@example.com'), input),
      acceptInvitation(invitee('new@example.com'), input),
    ]);
    expect([a!.alreadyJoined, b!.alreadyJoined].sort()).toEqual([false, true]);
    expect(await t.store.users.countDocuments({ email: 'new@example.com' })).toBe(1);
    expect((await t.store.groups.findById(group._id).lean())!.memberCount).toBe(1);
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.accept' })).toBe(1);
    expect(await org()).toMatchObject({ seatsFree: 9 });
  });

  it('says so when the invitation was accepted before', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'] });
    const input = { email: 'new@example.com', slackUserId: 'U_NEW', realName: undefined };
    await acceptInvitation(invitee('new@example.com'), input);
    expect(await acceptInvitation(invitee('new@example.com'), input)).toMatchObject({
      alreadyJoined: true,
      role: 'user',
    });
  });

  it('drops groups deleted while the invitation was pending', async () => {
    const kept = await createGroup(t.store, { name: 'Kept' });
    const dropped = await createGroup(t.store, { name: 'Dropped' });
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'], groupNames: ['Kept', 'Dropped'] });
    await t.store.groups.deleteOne({ _id: dropped._id });
    const accepted = await acceptInvitation(invitee('new@example.com'), {
      email: 'new@example.com',
      slackUserId: 'U_NEW',
      realName: 'Ada',
    });
    expect(accepted.groupNames).toEqual(['Kept']);
    expect((await t.store.users.findById(`${ORG_ID}:new@example.com`).lean())!.groupIds).toEqual([kept._id]);
  });

  it('refuses a cancelled invitation, a missing one, and an existing member, changing nothing', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['gone@example.com'] });
    await cancelInvitation(buildContext(t.store), 'gone@example.com');
    await createUser(t.store, { email: 'member@example.com' });
    const accept = (email: string) =>
      acceptInvitation(invitee(email), { email, slackUserId: 'U_X', realName: undefined });
    expect(await refusal(accept('gone@example.com'))).toMatchObject({ code: 'invalid_state' });
    expect(await refusal(accept('nobody@example.com'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(accept('member@example.com'))).toMatchObject({ code: 'invalid_state' });
    expect(await t.store.users.countDocuments({})).toBe(1);
  });

  it('refuses someone accepting an invitation that is not theirs', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'] });
    const error = await refusal(
      acceptInvitation(invitee('someone.else@example.com'), {
        email: 'new@example.com',
        slackUserId: 'U_X',
        realName: undefined,
      }),
    );
    expect(error).toMatchObject({ code: 'not_authorized' });
    expect(await t.store.invitations.findById(`${ORG_ID}:new@example.com`).lean()).toMatchObject({ status: 'pending' });
  });

  it('gives the reserved seat back when the person became a member another way meanwhile', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'] });
    await createUser(t.store, { email: 'new@example.com' });
    const result = await acceptInvitation(invitee('new@example.com'), {
      email: 'new@example.com',
      slackUserId: 'U_NEW',
      realName: undefined,
    });
    expect(result.alreadyJoined).toBe(true);
    expect(await org()).toMatchObject({ seatsFree: 10 });
  });
});
