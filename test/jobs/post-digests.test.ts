import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { postDueDigests } from '../../src/jobs/post-digests.js';
import type { AppDeps } from '../../src/deps.js';
import { PAUSE_AFTER_REFUSALS } from '../../src/services/insights/digests/digest-runs.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createGroup, createOrganization, createUser } from '../support/factories.js';
import { validateBlocks } from '../support/fake-slack/index.js';
import type { GroupDoc } from '../../src/services/models/group.js';

let t: TestApp;
let eng: GroupDoc;
const text = (body: unknown) => JSON.stringify(body);

/** The job's pass at a given moment, with the app's real database and Slack client. */
const runAt = (at: Date, overrides: Partial<AppDeps> = {}): Promise<Array<{ id: string; outcome: string }>> => {
  const deps: AppDeps = { ...t.app.deps, now: () => at, ...overrides };
  return postDueDigests(deps);
};
const later = (date: Date, ms = 1000) => new Date(date.getTime() + ms);
const sub = async (destination: string) => (await t.store.digestSubscriptions.findOne({ destination }).lean().exec())!;

async function subscribe(userId: string, line: string): Promise<void> {
  const { responseUrl } = await t.slack.slashCommand({ userId, text: `digest subscribe ${line}` });
  expect(text(await t.fake.waitForResponsePost(responseUrl))).toContain('weekly digest');
}

beforeAll(async () => {
  t = await startTestApp();
  await createOrganization(t.store, { seats: 50 }).catch(() => undefined);
  eng = await createGroup(t.store, { name: 'Eng' });
  t.fake.addUser({ id: 'U_BERLIN', email: 'berlin@example.com', tz: 'Europe/Berlin' });
  t.fake.addUser({ id: 'U_NY', email: 'ny@example.com', tz: 'America/New_York' });
  await createUser(t.store, {
    email: 'berlin@example.com',
    role: 'group_admin',
    slackUserId: 'U_BERLIN',
    managedGroups: [{ groupId: eng._id, permissions: [] }],
  });
  await createUser(t.store, { email: 'ny@example.com', role: 'admin', slackUserId: 'U_NY' });
  await createUser(t.store, { email: 'learner@example.com', groupIds: [eng._id] });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  t.fake.closeChannel('C_ARCHIVED', undefined);
  await t.store.digestSubscriptions.deleteMany({});
  await t.store.slackPosts.deleteMany({});
  await t.store.auditEntries.deleteMany({});
});

describe('the weekly digest job', () => {
  it('posts each digest at 09:00 in its owner’s time zone, Berlin and New York, with the chart', async () => {
    await subscribe('U_BERLIN', '');
    await subscribe('U_NY', '--day mon --time 09:00');
    const berlin = await sub('U_BERLIN');
    const ny = await sub('U_NY');
    // 09:00 on a Monday in November: 08:00 UTC in Berlin, 14:00 UTC in New York.
    expect([berlin.nextRunAt.getUTCDay(), berlin.nextRunAt.getUTCHours()]).toEqual([1, 8]);
    expect([ny.nextRunAt.getUTCDay(), ny.nextRunAt.getUTCHours()]).toEqual([1, 14]);
    expect(await runAt(new Date(berlin.nextRunAt.getTime() - 60_000))).toEqual([]);

    expect(await runAt(later(berlin.nextRunAt))).toEqual([{ id: berlin._id, outcome: 'sent' }]);
    expect(t.fake.messagesIn('U_BERLIN')).toHaveLength(1);
    expect(t.fake.messagesIn('U_NY')).toHaveLength(0);
    const digest = t.fake.messagesIn('U_BERLIN')[0]!;
    expect(validateBlocks(digest.blocks, 'message')).toEqual([]);
    expect(text(digest.blocks)).toContain('Adoption funnel of *Eng*');
    const image = (digest.blocks as Array<{ type: string; slack_file?: { id: string } }>).find(
      (b) => b.type === 'image',
    );
    const file = t.fake.uploadedFiles().find((f) => f.fileId === image?.slack_file?.id);
    expect(file?.bytes.subarray(1, 4).toString()).toBe('PNG');

    expect(await runAt(later(ny.nextRunAt))).toEqual([{ id: ny._id, outcome: 'sent' }]);
    expect(t.fake.messagesIn('U_NY')).toHaveLength(1);
    // The next ones: a week later, at the same local hour.
    expect((await sub('U_BERLIN')).nextRunAt.getTime() - berlin.nextRunAt.getTime()).toBe(7 * 86_400_000);
  });

  it('never posts a week’s digest twice: a second runner at once, or a restart before the post was recorded', async () => {
    await subscribe('U_BERLIN', '');
    const due = (await sub('U_BERLIN')).nextRunAt;
    const before = t.fake.messagesIn('U_BERLIN').length;
    const [first, second] = await Promise.all([runAt(later(due)), runAt(later(due))]);
    expect([...first, ...second].filter((r) => r.outcome === 'sent').length).toBeGreaterThanOrEqual(1);
    expect(t.fake.messagesIn('U_BERLIN')).toHaveLength(before + 1);
    // A crash after the post, before the subscription moved on: the restarted job finds it posted.
    await t.store.digestSubscriptions.updateOne({ destination: 'U_BERLIN' }, { $set: { nextRunAt: due } });
    expect(await runAt(later(due, 5000))).toEqual([{ id: (await sub('U_BERLIN'))._id, outcome: 'sent' }]);
    expect(t.fake.messagesIn('U_BERLIN')).toHaveLength(before + 1);
    expect((await sub('U_BERLIN')).nextRunAt.getTime()).toBeGreaterThan(due.getTime());
  });

  it('lets one refused post not stop the others, retries it later, and pauses it after repeated refusals', async () => {
    t.fake.closeChannel('C_ARCHIVED', 'is_archived');
    await subscribe('U_NY', '--channel <#C_ARCHIVED|old>');
    await subscribe('U_NY', '--channel <#C_TEAM|team>');
    const due = (await sub('C_ARCHIVED')).nextRunAt;
    const first = await runAt(later(due));
    expect(first.map((r) => r.outcome).sort()).toEqual(['refused', 'sent']);
    expect(t.fake.messagesIn('C_TEAM')).toHaveLength(1);
    let archived = await sub('C_ARCHIVED');
    expect(archived).toMatchObject({
      status: 'active',
      failures: 1,
      lastError: expect.stringContaining('is_archived'),
    });
    // Not before the backoff is over.
    expect(await runAt(later(due, 2000))).toEqual([]);
    for (let n = 2; n <= PAUSE_AFTER_REFUSALS; n += 1) {
      archived = await sub('C_ARCHIVED');
      await runAt(later(archived.retryAt!));
    }
    archived = await sub('C_ARCHIVED');
    expect(archived).toMatchObject({ status: 'paused', failures: PAUSE_AFTER_REFUSALS });
    expect(await t.store.auditEntries.countDocuments({ action: 'digest.paused' })).toBe(1);
    expect(text(t.fake.messagesIn('U_NY').at(-1))).toContain('ub paused your weekly digest');
    expect(t.fake.messagesIn('C_TEAM')).toHaveLength(1);
  });

  it('lets a post that fails for a moment (Slack’s internal_error) not stop the others, and posts it once on a later pass', async () => {
    await subscribe('U_NY', '--channel <#C_ONE|one>');
    await subscribe('U_NY', '--channel <#C_TWO|two>');
    const due = (await sub('C_ONE')).nextRunAt;
    // The first post of the pass fails; the chart uploads do not go through chat.postMessage.
    t.fake.failNext('chat.postMessage', 'internal_error');
    const first = await runAt(later(due));
    expect(first.map((r) => r.outcome).sort()).toEqual(['retry', 'sent']);
    const failed = first.find((r) => r.outcome === 'retry')!;
    const stuck = (await t.store.digestSubscriptions.findById(failed.id).lean().exec())!;
    expect(stuck).toMatchObject({
      status: 'active',
      failures: 0,
      lastError: expect.stringContaining('internal_error'),
    });
    const other = stuck.destination === 'C_ONE' ? 'C_TWO' : 'C_ONE';
    expect(t.fake.messagesIn(other)).toHaveLength(1);
    expect(t.fake.messagesIn(stuck.destination)).toHaveLength(0);
    // Not before its backoff; then posted once, and the other not again.
    expect(await runAt(later(due, 2000))).toEqual([]);
    // The failed attempt's claim is held for a lease (real time, which the test does not wait for: a
    // lease of 0 stands for it being over); the next pass takes it over and posts.
    expect(await runAt(later(stuck.retryAt!), { jobLockLifetimeMs: 0 })).toEqual([{ id: failed.id, outcome: 'sent' }]);
    expect(await runAt(later(stuck.retryAt!, 5000))).toEqual([]);
    expect(t.fake.messagesIn('C_ONE')).toHaveLength(1);
    expect(t.fake.messagesIn('C_TWO')).toHaveLength(1);
  });

  it('previews the digest to the person only, and posts it now where it goes', async () => {
    await subscribe('U_BERLIN', '--channel <#C_TEAM|team>');
    const preview = await t.slack.slashCommand({ userId: 'U_BERLIN', text: 'digest preview' });
    // A preview draws the picture; the first in a process loads the chart libraries (decision 052).
    const shown = await t.fake.waitForResponsePost(preview.responseUrl, () => true, 20_000);
    expect(text(shown)).toContain('Adoption funnel of *Eng*');
    const before = t.fake.messagesIn('C_TEAM').length;
    const now = await t.slack.slashCommand({ userId: 'U_BERLIN', text: 'digest now' });
    expect(text(await t.fake.waitForResponsePost(now.responseUrl))).toContain('Posted to <#C_TEAM>');
    expect(t.fake.messagesIn('C_TEAM')).toHaveLength(before + 1);
  });

  it('does not show a team lead a group they no longer manage', async () => {
    await subscribe('U_BERLIN', '');
    await t.store.users.updateOne({ email: 'berlin@example.com' }, { $set: { role: 'user', managedGroups: [] } });
    const before = t.fake.messagesIn('U_BERLIN').length;
    try {
      const due = (await sub('U_BERLIN')).nextRunAt;
      expect(await runAt(later(due))).toEqual([{ id: (await sub('U_BERLIN'))._id, outcome: 'refused' }]);
      expect(t.fake.messagesIn('U_BERLIN')).toHaveLength(before);
    } finally {
      await t.store.users.updateOne(
        { email: 'berlin@example.com' },
        { $set: { role: 'group_admin', managedGroups: [{ groupId: eng._id, permissions: [] }] } },
      );
    }
  });
});
