import { beforeEach, describe, expect, it } from '@jest/globals';
import { buildDigestContent } from '../../../../src/services/insights/digests/digest-content.js';
import { countDigestHighlights } from '../../../../src/services/insights/digests/digest-highlights.js';
import { listStuckPeople } from '../../../../src/services/insights/funnel.js';
import { cancelInvitation } from '../../../../src/services/invitations/cancel-invitation.js';
import { inviteUsers } from '../../../../src/services/invitations/invite-users.js';
import type { GroupDoc } from '../../../../src/services/models/group.js';
import { buildActor, buildContext, createGroup, createOrganization } from '../../../support/factories.js';
import { clearDatabase, useTestDatabase } from '../../../support/use-test-database.js';

/**
 * A weekly digest's "not joined yet" people come from the pending invitations the hourly count
 * kept per scope, each checked by `_id` (decision 047): the same people `/ub adoption` lists first.
 */
const t = useTestDatabase();
const ctx = () => buildContext(t.store);
const emails = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `p${String(from + i).padStart(2, '0')}@example.com`);
let sales: GroupDoc;

beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 100 });
  sales = await createGroup(t.store, { name: 'Sales' });
});

const notJoined = async (actor = buildActor()) =>
  (await buildDigestContent(buildContext(t.store, { actor }), [sales._id])).stuck.find((s) => s.step === 'joined')!;

describe("a digest's people who have not joined yet", () => {
  it('are counted once per scope: the first 20 pending invitations by email, the organization and each group', async () => {
    await inviteUsers(ctx(), { emails: emails(0, 25).reverse(), groupNames: ['Sales'] });
    await inviteUsers(ctx(), { emails: ['a.first@example.com'] });
    await countDigestHighlights(t.store, 'T_TEST', ctx().now());

    const group = await t.store.digestHighlights.findById(`T_TEST:${sales._id}`).lean().exec();
    expect(group?.pending).toEqual(emails(0, 20));
    const org = await t.store.digestHighlights.findById('T_TEST:org').lean().exec();
    expect(org?.pending).toEqual(['a.first@example.com', ...emails(0, 19)]);
  });

  it('leave out whoever is no longer pending since the count, as the live list does', async () => {
    await inviteUsers(ctx(), { emails: emails(0, 25), groupNames: ['Sales'] });
    await countDigestHighlights(t.store, 'T_TEST', ctx().now());
    await cancelInvitation(ctx(), 'p00@example.com');
    await cancelInvitation(ctx(), 'p02@example.com');

    const stuck = await notJoined();
    expect(stuck.count).toBe(23);
    expect(stuck.people.map((p) => p.email)).toEqual([
      'p01@example.com',
      'p03@example.com',
      'p04@example.com',
      'p05@example.com',
      'p06@example.com',
    ]);
    const live = await listStuckPeople(ctx(), { step: 'joined', groupId: sales._id, limit: 5 });
    expect(stuck.people).toEqual(live.people);
  });

  it('come from the invitations when the candidates no longer fill the list (invited since the count)', async () => {
    await inviteUsers(ctx(), { emails: emails(3, 6), groupNames: ['Sales'] });
    await countDigestHighlights(t.store, 'T_TEST', ctx().now());
    await inviteUsers(ctx(), { emails: emails(0, 3), groupNames: ['Sales'] });

    const stuck = await notJoined();
    expect(stuck.count).toBe(6);
    expect(stuck.people.map((p) => p.email)).toEqual(emails(0, 5));
  });

  it('are shown to a team lead only with the invite/deactivate permission on the group, as before', async () => {
    await inviteUsers(ctx(), { emails: emails(0, 3), groupNames: ['Sales'] });
    await countDigestHighlights(t.store, 'T_TEST', ctx().now());
    const lead = (permissions: Array<'invite_deactivate'>) =>
      buildActor({ role: 'group_admin', managedGroups: [{ groupId: sales._id, permissions }] });

    expect((await notJoined(lead(['invite_deactivate']))).people.map((p) => p.email)).toEqual(emails(0, 3));
    await expect(notJoined(lead([]))).rejects.toMatchObject({ code: 'not_authorized' });
  });
});
