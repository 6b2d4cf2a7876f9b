import { beforeEach, describe, expect, it } from '@jest/globals';
import { acceptInvitation } from '../../../src/services/invitations/accept-invitation.js';
import { cancelInvitation } from '../../../src/services/invitations/cancel-invitation.js';
import { backfillPendingCounters } from '../../../src/services/invitations/invitation-repository.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';
import { buildActor, buildContext, createGroup, createOrganization, ORG_ID } from '../../support/factories.js';

/** The pending-invitation counters App Home and `/ub license` read instead of counting documents. */
const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 10 });
});

const counters = async (groupId: string) => ({
  org: (await t.store.organizations.findById(ORG_ID).lean().exec())?.pendingInvitations,
  group: (await t.store.groups.findById(groupId).lean().exec())?.inviteeCount,
});

describe('pending invitation counters', () => {
  it('move with invitations: up when invited, down when accepted or cancelled, never for a skipped address', async () => {
    const group = await createGroup(t.store, { name: 'Sales' });
    await inviteUsers(buildContext(t.store), {
      emails: ['a@example.com', 'b@example.com', 'c@example.com'],
      groupNames: ['Sales'],
    });
    await inviteUsers(buildContext(t.store), { emails: ['a@example.com'], groupNames: ['Sales'] });
    expect(await counters(group._id)).toEqual({ org: 3, group: 3 });
    await cancelInvitation(buildContext(t.store), 'b@example.com');
    await acceptInvitation(
      buildContext(t.store, { actor: buildActor({ role: 'user', email: 'c@example.com', userId: undefined }) }),
      { email: 'c@example.com', slackUserId: 'U_C', realName: undefined },
    );
    // A second accept (a double click) changes nothing more.
    await acceptInvitation(
      buildContext(t.store, { actor: buildActor({ role: 'user', email: 'c@example.com', userId: undefined }) }),
      { email: 'c@example.com', slackUserId: 'U_C', realName: undefined },
    );
    expect(await counters(group._id)).toEqual({ org: 1, group: 1 });
  });

  it('are counted once for organizations and groups written before they existed', async () => {
    const group = await createGroup(t.store, { name: 'Ops' });
    await inviteUsers(buildContext(t.store), { emails: ['x@example.com', 'y@example.com'], groupNames: ['Ops'] });
    await t.store.organizations.updateOne({ _id: ORG_ID }, { $unset: { pendingInvitations: 1 } });
    await t.store.groups.updateOne({ _id: group._id }, { $unset: { inviteeCount: 1 } });
    expect(await counters(group._id)).toEqual({ org: undefined, group: undefined });
    await backfillPendingCounters(t.store);
    expect(await counters(group._id)).toEqual({ org: 2, group: 2 });
    // Counters that exist are left alone.
    await t.store.organizations.updateOne({ _id: ORG_ID }, { $set: { pendingInvitations: 5 } });
    await backfillPendingCounters(t.store);
    expect(await counters(group._id)).toEqual({ org: 5, group: 2 });
  });
});
