import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inviteUsers } from '../../src/services/invitations/invite-users.js';
import { personKey } from '../../src/services/domain.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { buildContext, createUser } from '../support/factories.js';
import { signIngestRequest } from '../support/slack-signature.js';
import { asText } from '../support/posted-blocks.js';
import { validateBlocks } from '../support/fake-slack/index.js';

/** `POST /api/v1/activity` through the app's real HTTP server, signed as the learning platform signs it. */
const SECRET = 'ingest-secret-of-at-least-32-characters!';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { UB_INGEST_SECRET: SECRET } });
  await t.store.organizations.updateOne({ _id: t.orgId }, { $set: { seats: 50, seatsFree: 50 } });
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'ann@example.com', firstName: 'Ann', surname: 'Lee' });
  await createUser(t.store, { email: 'gone@example.com', status: 'deactivated' });
  await inviteUsers(buildContext(t.store), { emails: ['new@example.com'] });
});
afterAll(async () => {
  await t.stop();
});

async function post(
  body: string,
  options: { secret?: string; team?: string; timestamp?: number; headers?: Record<string, string> } = {},
) {
  const signed = signIngestRequest(options.secret ?? SECRET, body, options.timestamp);
  const response = await fetch(`${t.url}/api/v1/activity`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ub-team': options.team ?? t.orgId,
      ...signed,
      ...options.headers,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const at = '2026-11-20T10:00:00Z';
const enrolled = (email: string, id?: string) => ({
  ...(id ? { id } : {}),
  type: 'enrolled',
  email,
  courseId: 'ts-101',
  courseTitle: 'TypeScript <!channel>',
  at,
});
const user = (email: string) => t.store.users.findById(personKey(t.orgId, email)).lean().exec();
const storedEvents = () => t.store.activityEvents.countDocuments({ orgId: t.orgId }).exec();

describe('the signature', () => {
  it('refuses a missing or wrong signature, a stale timestamp and an unknown team with 401, applying nothing', async () => {
    const body = JSON.stringify({ events: [enrolled('ann@example.com', 'sig-1')] });
    const before = await storedEvents();
    expect((await post(body, { secret: 'another-secret-of-at-least-32-characters' })).status).toBe(401);
    expect((await post(body, { timestamp: Math.floor(Date.now() / 1000) - 400 })).status).toBe(401);
    expect((await post(body, { team: 'T_NOBODY' })).status).toBe(401);
    expect((await post(body, { headers: { 'x-ub-signature': '' } })).status).toBe(401);
    expect(await storedEvents()).toBe(before);
    expect((await user('ann@example.com'))?.firstEnrollmentAt).toBeUndefined();
  });
});

describe('the envelope', () => {
  it('answers 400 with the reason for a body that is not the envelope', async () => {
    expect(await post('not json')).toMatchObject({ status: 400, body: { error: 'the body is not JSON' } });
    expect(await post('{"evts":[]}')).toMatchObject({ status: 400, body: { error: 'events is missing' } });
    const many = JSON.stringify({ events: Array.from({ length: 1001 }, () => enrolled('ann@example.com')) });
    expect(await post(many)).toMatchObject({ status: 400, body: { error: 'at most 1000 events per request' } });
    const huge = JSON.stringify({ events: [{ ...enrolled('ann@example.com'), courseTitle: 'x'.repeat(1_100_000) }] });
    expect((await post(huge)).status).toBe(400);
  });
});

describe('a batch', () => {
  it('applies the good events, rejects the malformed and unknown ones by index and field, and applies nothing when sent again', async () => {
    const body = JSON.stringify({
      events: [
        enrolled('ann@example.com', 'b-1'),
        { type: 'lecture_progress', email: 'ann@example.com', courseId: 'ts-101', at, id: 'b-2' },
        {
          id: 'b-3',
          type: 'lecture_progress',
          email: 'ann@example.com',
          courseId: 'ts-101',
          lectureId: 'l1',
          progress: 40,
          at,
        },
        enrolled('stranger@example.com', 'b-4'),
        { id: 'b-5', type: 'dance', email: 'ann@example.com', at },
      ],
    });
    const first = await post(body);
    expect(first).toEqual({
      status: 200,
      body: {
        applied: 2,
        duplicates: 0,
        rejected: [
          { index: 1, field: 'lectureId', reason: 'is required for lecture_progress' },
          { index: 3, field: 'email', reason: expect.stringContaining('names nobody in ub') },
          { index: 4, field: 'type', reason: expect.stringContaining('is not one of') },
        ],
      },
    });
    expect(await user('ann@example.com')).toMatchObject({
      firstEnrollmentAt: new Date(at),
      firstLectureAt: new Date(at),
      lastActivityAt: new Date(at),
    });
    const again = await post(body);
    expect(again.body).toMatchObject({ applied: 0, duplicates: 2 });
    const org = await t.store.organizations.findById(t.orgId).lean().exec();
    expect(org?.funnel).toMatchObject({ enrolled: 1, started: 1 });
  });

  it('accepts a pending invitation on a login: the person has joined', async () => {
    const result = await post(JSON.stringify({ events: [{ id: 'l-1', type: 'login', email: 'new@example.com', at }] }));
    expect(result.body).toMatchObject({ applied: 1, rejected: [] });
    expect(await user('new@example.com')).toMatchObject({ status: 'active', joinedAt: new Date(at) });
    const invitation = await t.store.invitations.findById(personKey(t.orgId, 'new@example.com')).lean().exec();
    expect(invitation?.status).toBe('accepted');
  });

  it('keeps the events of a deactivated person without moving the funnel', async () => {
    const funnel = async () => (await t.store.organizations.findById(t.orgId).lean().exec())?.funnel;
    const before = await funnel();
    const result = await post(JSON.stringify({ events: [enrolled('gone@example.com', 'd-1')] }));
    expect(result.body).toMatchObject({ applied: 1 });
    expect(await funnel()).toEqual(before);
    expect((await user('gone@example.com'))?.firstEnrollmentAt).toBeUndefined();
    expect(await t.store.activityEvents.findById(`${t.orgId}:e:d-1`).lean().exec()).toMatchObject({ counted: false });
  });
});

describe('/ub user', () => {
  it('shows the courses the platform reported: progress, completion, lectures done, last activity, escaped', async () => {
    const events = [
      { id: 'u-1', type: 'enrolled', email: 'ann@example.com', courseId: 'py', courseTitle: 'Python <@U_ADMIN>', at },
      { id: 'u-2', type: 'lecture_completed', email: 'ann@example.com', courseId: 'py', lectureId: 'p1', at },
      {
        id: 'u-3',
        type: 'lecture_progress',
        email: 'ann@example.com',
        courseId: 'py',
        lectureId: 'p2',
        progress: 35,
        at,
      },
      { id: 'u-4', type: 'course_completed', email: 'ann@example.com', courseId: 'go', courseTitle: 'Go', at },
    ];
    expect((await post(JSON.stringify({ events }))).body).toMatchObject({ applied: 4, rejected: [] });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user ann@example.com' });
    const reply = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    const text = asText(reply.blocks);
    expect(text).toContain('Python &lt;@U_ADMIN&gt; — 35% · 1 lecture done');
    expect(text).toContain('Go — completed');
    expect(text).not.toContain('<@U_ADMIN>');
  });
});
