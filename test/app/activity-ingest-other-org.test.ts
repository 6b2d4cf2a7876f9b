import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personKey } from '../../src/services/domain.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createGroup, createOrganization, createUser } from '../support/factories.js';
import { signIngestRequest } from '../support/slack-signature.js';

/**
 * Issue 10, "Bad input and safety": events naming another organization's people change nothing
 * there. Two organizations on one ub; a batch sent for A (`X-UB-Team: A`) names someone who is in
 * both, someone only in B and an invitee only in B, through the app's real HTTP endpoint.
 */
const SECRET = 'ingest-secret-of-at-least-32-characters!';
const B = 'T_OTHER';
let t: TestApp;
let bGroup: string;

async function post(team: string, events: unknown[]) {
  const body = JSON.stringify({ events });
  const response = await fetch(`${t.url}/api/v1/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ub-team': team, ...signIngestRequest(SECRET, body) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Everything of organization B that activity could move. */
async function stateOfB() {
  const [org, group, users, invitation, events, courses, enrollments, learnerCourses] = await Promise.all([
    t.store.organizations.findById(B).lean().exec(),
    t.store.groups.findById(bGroup).lean().exec(),
    t.store.users.find({ orgId: B }).sort({ _id: 1 }).lean().exec(),
    t.store.invitations.findById(personKey(B, 'invitee@example.com')).lean().exec(),
    t.store.activityEvents.countDocuments({ orgId: B }).exec(),
    t.store.courses.countDocuments({ orgId: B }).exec(),
    t.store.enrollments.countDocuments({ orgId: B }).exec(),
    t.store.learnerCourses.countDocuments({ orgId: B }).exec(),
  ]);
  // The write time moves on any write, even one that changes nothing: everything else must be equal.
  const strip = (doc: object | null) =>
    doc && Object.fromEntries(Object.entries(doc).filter(([key]) => key !== 'updatedAt'));
  return {
    funnel: { org: org?.funnel, seatsFree: org?.seatsFree, group: group?.funnel, members: group?.memberCount },
    users: users.map(strip),
    invitation: strip(invitation),
    events,
    courses,
    enrollments,
    learnerCourses,
  };
}

beforeAll(async () => {
  t = await startTestApp({ env: { UB_INGEST_SECRET: SECRET } });
  await t.store.organizations.updateOne({ _id: t.orgId }, { $set: { seats: 50, seatsFree: 50 } });
  await createOrganization(t.store, { orgId: B, seats: 50 });
  bGroup = (await createGroup(t.store, { orgId: B, name: 'B team' }))._id;
  await createUser(t.store, { email: 'shared@example.com', firstName: 'Shared' });
  await createUser(t.store, { orgId: B, email: 'shared@example.com', firstName: 'Shared', groupIds: [bGroup] });
  await createUser(t.store, { orgId: B, email: 'only-b@example.com', groupIds: [bGroup] });
  const sent = new Date(Date.now() - 3_600_000);
  await t.store.invitations.create({
    _id: personKey(B, 'invitee@example.com'),
    orgId: B,
    email: 'invitee@example.com',
    status: 'pending',
    groupIds: [bGroup],
    firstSentAt: sent,
    lastSentAt: sent,
  });
});
afterAll(async () => {
  await t.stop();
});

describe('a batch sent for one organization', () => {
  it('changes nothing in another: its people, its invitations, its counters, its courses and events', async () => {
    const before = await stateOfB();
    const at = new Date(Date.now() - 60_000).toISOString();
    const course = { courseId: 'b-course', courseTitle: 'Only for A', at };
    const answer = await post(t.orgId, [
      { id: 'ev-1', type: 'enrolled', email: 'shared@example.com', ...course },
      { id: 'ev-2', type: 'lecture_progress', email: 'only-b@example.com', lectureId: 'l1', progress: 50, ...course },
      { id: 'ev-3', type: 'login', email: 'invitee@example.com', at },
      // A field naming the other organization is not part of an event: it is ignored.
      { id: 'ev-4', type: 'course_completed', email: 'shared@example.com', orgId: B, team: B, ...course },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      applied: 2,
      duplicates: 0,
      rejected: [
        { index: 1, field: 'email' },
        { index: 2, field: 'email' },
      ],
    });
    // A's own member moved; B is exactly as it was.
    const inA = await t.store.users.findById(personKey(t.orgId, 'shared@example.com')).lean().exec();
    expect(inA?.firstEnrollmentAt).toBeInstanceOf(Date);
    expect(await stateOfB()).toEqual(before);
    expect(before.invitation?.status).toBe('pending');
  });

  it('keeps event ids per organization: the same id sent for the other one is applied there, once', async () => {
    const at = new Date(Date.now() - 30_000).toISOString();
    const event = { id: 'ev-1', type: 'enrolled', email: 'shared@example.com', courseId: 'b-course', at };
    expect((await post(B, [event])).body).toMatchObject({ applied: 1, duplicates: 0 });
    expect((await post(B, [event])).body).toMatchObject({ applied: 0, duplicates: 1 });
    const inB = await t.store.users.findById(personKey(B, 'shared@example.com')).lean().exec();
    expect(inB?.firstEnrollmentAt).toBeInstanceOf(Date);
    expect(await t.store.activityEvents.countDocuments({ orgId: B }).exec()).toBe(1);
  });
});
