import { beforeEach, describe, expect, it } from '@jest/globals';
import { acceptInvitation } from '../../../src/services/invitations/accept-invitation.js';
import { cancelInvitation } from '../../../src/services/invitations/cancel-invitation.js';
import { inviteBatch } from '../../../src/services/invitations/invite-batch.js';
import type { InvitePlan } from '../../../src/services/invitations/invite-plan.js';
import { changeMembershipBatch } from '../../../src/services/groups/change-membership.js';
import { deleteGroup } from '../../../src/services/groups/delete-group.js';
import { deactivateUser } from '../../../src/services/people/deactivate-user.js';
import { reactivateUser } from '../../../src/services/people/reactivate-user.js';
import { readFunnel, listStuckPeople } from '../../../src/services/insights/funnel.js';
import { recordActivity } from '../../../src/services/insights/record-activity.js';
import { reconcileFunnel, recountFunnel } from '../../../src/services/insights/reconcile-funnel.js';
import { toGroup } from '../../../src/services/groups/group-repository.js';
import { memberFunnelStep } from '../../../src/services/domain.js';
import { clearDatabase, refusal, useTestDatabase } from '../../support/use-test-database.js';
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
  await createOrganization(t.store, { seats: 500 });
});

const admin = () => buildContext(t.store);
const platform = () => buildContext(t.store, { source: 'activity' });
const as = (email: string) => buildContext(t.store, { actor: buildActor({ role: 'user', email, userId: undefined }) });
const emailsOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);
const planFor = (groupIds: string[]): InvitePlan => ({
  role: 'user',
  pro: false,
  message: undefined,
  language: 'en',
  groupIds,
  groupNames: [],
});
const batchOf = (id: string, emails: string[]) => ({
  id,
  run: id.split(':p')[0]!,
  items: emails.map((email, index) => ({ index, email })),
});
const event = (type: string, email: string, extra: Record<string, unknown> = {}) => ({
  type,
  email,
  courseId: 'c-1',
  courseTitle: 'TypeScript',
  lectureId: 'l-1',
  progress: 10,
  at: '2026-11-24T09:00:00Z',
  ...extra,
});

/** What the funnel should say, counted by hand from every document in Node (the brute force). */
async function bruteForce(groupId?: string) {
  const users = await t.store.users.find({ orgId: ORG_ID }).lean().exec();
  const invitations = await t.store.invitations.find({ orgId: ORG_ID, status: 'pending' }).lean().exec();
  const inScope = (groupIds: string[]) => groupId === undefined || groupIds.includes(groupId);
  const steps = users.filter((u) => inScope(u.groupIds)).map((u) => memberFunnelStep(u));
  const pending = invitations.filter((i) => inScope(i.groupIds)).length;
  const joined = steps.filter((s) => s !== undefined).length;
  return {
    invited: pending + joined,
    joined,
    enrolled: steps.filter((s) => s === 'enrolled' || s === 'started').length,
    started: steps.filter((s) => s === 'started').length,
  };
}

const shown = (f: { invited: number; joined: number; enrolled: number; started: number }) => ({
  invited: f.invited,
  joined: f.joined,
  enrolled: f.enrolled,
  started: f.started,
});

describe('the adoption funnel counters', () => {
  it('equal a recount after invites, accepts, logins, learning, deactivations, group changes and deletes, each retried', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    const ops = await createGroup(t.store, { name: 'Ops' });
    const doomed = await createGroup(t.store, { name: 'Doomed' });
    const people = emailsOf('p', 30);
    // A bulk invite's page applied twice (a resumed job), into Sales and Doomed.
    const page = batchOf(`${ORG_ID}:run:a:p0000`, people.slice(0, 20));
    await inviteBatch(admin(), planFor([sales._id, doomed._id]), page);
    await inviteBatch(admin(), planFor([sales._id, doomed._id]), page);
    await inviteBatch(admin(), planFor([ops._id]), batchOf(`${ORG_ID}:run:b:p0000`, people.slice(20)));
    // Accepted in Slack (a double click), cancelled, and accepted by logging in on the platform.
    for (const email of people.slice(0, 6)) {
      const input = { email, slackUserId: `U${email}`, realName: 'Pat Doe' };
      await acceptInvitation(as(email), input);
      await acceptInvitation(as(email), input);
    }
    await cancelInvitation(admin(), people[29]!);
    const logins = people.slice(6, 14).map((email, i) => event('login', email, { id: `login-${i}` }));
    await recordActivity(platform(), logins);
    await recordActivity(platform(), logins);
    // Learning, each batch sent twice, one of them while people are added to a group.
    const learning = [
      ...people.slice(0, 10).map((email, i) => event('enrolled', email, { id: `enr-${i}` })),
      ...people.slice(2, 7).map((email, i) => event('lecture_progress', email, { id: `lec-${i}` })),
      event('lecture_completed', people[12]!, { id: 'lec-direct' }),
    ];
    const addOps = batchOf(`${ORG_ID}:run:c:p0000`, people.slice(0, 14));
    await Promise.all([
      recordActivity(platform(), learning),
      changeMembershipBatch(admin(), toGroup(ops), 'add', addOps),
    ]);
    await Promise.all([
      recordActivity(platform(), learning),
      changeMembershipBatch(admin(), toGroup(ops), 'add', addOps),
    ]);
    // Deactivated (one of them twice over), reactivated, removed from a group (page retried).
    await deactivateUser(admin(), people[3]!);
    await deactivateUser(admin(), people[4]!);
    expect(await refusal(deactivateUser(admin(), people[4]!))).toMatchObject({ code: 'invalid_state' });
    await reactivateUser(admin(), people[4]!);
    await recordActivity(platform(), [event('lecture_progress', people[3]!, { id: 'while-away' })]);
    const removal = batchOf(`${ORG_ID}:run:d:p0000`, [people[0]!, people[3]!, people[8]!]);
    await changeMembershipBatch(admin(), toGroup(sales), 'remove', removal);
    await changeMembershipBatch(admin(), toGroup(sales), 'remove', removal);
    await deleteGroup(admin(), 'Doomed');

    const recount = await recountFunnel(t.store, ORG_ID);
    const org = await t.store.organizations.findById(ORG_ID).lean().exec();
    expect({ ...org!.funnel, pending: org!.pendingInvitations }).toEqual(recount.organization);
    for (const group of [sales, ops]) {
      const stored = await t.store.groups.findById(group._id).lean().exec();
      expect({ ...stored!.funnel, pending: stored!.inviteeCount }).toEqual(recount.groups.get(group._id));
    }
    expect(shown((await readFunnel(admin())).funnel)).toEqual(await bruteForce());
    expect(shown((await readFunnel(admin(), { groupNames: ['Sales'] })).funnel)).toEqual(await bruteForce(sales._id));
    expect(shown((await readFunnel(admin(), { groupNames: ['Ops'] })).funnel)).toEqual(await bruteForce(ops._id));
    // Nothing left to repair.
    expect((await reconcileFunnel(admin(), { settleMs: 1 })).drifts).toEqual([]);
    // The deactivated person's event is kept, and did not move them.
    const kept = await t.store.activityEvents.findById(`${ORG_ID}:e:while-away`).lean().exec();
    expect(kept?.counted).toBe(false);
  });

  it('give the adoption rate against the licenses, and each group against the people holding one in it', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    const people = emailsOf('r', 4);
    await inviteBatch(admin(), planFor([sales._id]), batchOf(`${ORG_ID}:run:r:p0000`, people));
    await recordActivity(
      platform(),
      people.slice(0, 2).flatMap((email) => [event('login', email), event('lecture_progress', email)]),
    );
    const org = await readFunnel(admin());
    expect(org.funnel).toMatchObject({ licenses: 500, invited: 4, joined: 2, enrolled: 2, started: 2 });
    expect(org.funnel.adoptionRate).toBeCloseTo(2 / 500);
    const group = await readFunnel(admin(), { groupNames: ['Sales'] });
    expect(group.funnel).toMatchObject({ licenses: 4, invited: 4, joined: 2, started: 2, adoptionRate: 0.5 });
  });

  it('are repaired by the reconciliation when they drifted, with an audit entry', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    await inviteBatch(admin(), planFor([sales._id]), batchOf(`${ORG_ID}:run:s:p0000`, ['a@example.com']));
    await recordActivity(platform(), [event('login', 'a@example.com'), event('enrolled', 'a@example.com')]);
    // A crash between a person's write and the counters' `$inc`.
    await t.store.organizations.updateOne({ _id: ORG_ID }, { $inc: { 'funnel.enrolled': -1 } }).exec();
    await t.store.groups.updateOne({ _id: sales._id }, { $inc: { 'funnel.joined': 2 } }).exec();
    const result = await reconcileFunnel(admin(), { settleMs: 1 });
    expect(result.drifts.map((d) => [d.targetType, d.repaired])).toEqual([
      ['organization', true],
      ['group', true],
    ]);
    expect((await reconcileFunnel(admin(), { settleMs: 1 })).drifts).toEqual([]);
    const audits = await t.store.auditEntries.find({ action: 'funnel.counters_repaired' }).lean().exec();
    expect(audits.map((a) => a.after?.why).sort()).toEqual(['enrolled was 1 too low', 'joined was 2 too high']);
  });
});

describe('who may see a funnel', () => {
  it('group admins see the groups they manage, not the organization or other groups; learners see none', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    await createGroup(t.store, { name: 'Ops' });
    const lead = buildContext(t.store, { actor: groupAdminActor([{ groupId: sales._id, permissions: [] }]) });
    const mine = await readFunnel(lead);
    expect(mine.scope).toBe('groups');
    expect(mine.groups.map((g) => g.group.name)).toEqual(['Sales']);
    expect(await refusal(readFunnel(lead, { groupNames: ['Ops'] }))).toMatchObject({ code: 'not_authorized' });
    expect(await refusal(readFunnel(as('someone@example.com')))).toMatchObject({ code: 'not_authorized' });
  });
});

describe('who is stuck at a step', () => {
  it('lists the people who reached the step before and not this one, a page at a time', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    const people = emailsOf('s', 7);
    await inviteBatch(admin(), planFor([sales._id]), batchOf(`${ORG_ID}:run:t:p0000`, people));
    await recordActivity(platform(), [
      ...people.slice(0, 5).map((email) => event('login', email)),
      ...people.slice(0, 3).map((email) => event('enrolled', email)),
      event('lecture_progress', people[0]!),
    ]);
    const emails = async (step: 'joined' | 'enrolled' | 'started') =>
      (await listStuckPeople(admin(), { step, groupId: sales._id, limit: 10 })).people.map((p) => p.email);
    expect(await emails('joined')).toEqual(people.slice(5));
    expect(await emails('enrolled')).toEqual(people.slice(3, 5));
    expect(await emails('started')).toEqual(people.slice(1, 3));
    const first = await listStuckPeople(admin(), { step: 'joined', limit: 1 });
    expect(first).toMatchObject({ hasNext: true, next: people[5] });
    const second = await listStuckPeople(admin(), { step: 'joined', after: first.next, limit: 1 });
    expect(second.people.map((p) => p.email)).toEqual([people[6]]);
    expect(second.hasNext).toBe(false);
  });

  it('keeps invitees from a group admin without the invite permission', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    const lead = buildContext(t.store, { actor: groupAdminActor([{ groupId: sales._id, permissions: [] }]) });
    expect(await refusal(listStuckPeople(lead, { step: 'joined', groupId: sales._id, limit: 5 }))).toMatchObject({
      code: 'not_authorized',
    });
    expect((await listStuckPeople(lead, { step: 'enrolled', groupId: sales._id, limit: 5 })).people).toEqual([]);
  });
});
