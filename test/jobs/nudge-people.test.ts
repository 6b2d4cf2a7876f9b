import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { claimNudges } from '../../src/services/insights/nudges/nudges.js';
import { remindDueInvitees } from '../../src/jobs/invitation-reminders.js';
import type { AppDeps } from '../../src/deps.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { waitForBulkRuns } from '../support/bulk-runs.js';
import { buildContext, createGroup, createOrganization, createUser } from '../support/factories.js';
import { findButton } from '../support/posted-blocks.js';
import { validateBlocks } from '../support/fake-slack/index.js';
import type { GroupDoc } from '../../src/services/models/group.js';

let t: TestApp;
let eng: GroupDoc;
const STUCK = 12;
const learner = (i: number) => `learner${i}@example.com`;
const learnerId = (i: number) => `U_L${i}`;
const text = (body: unknown) => JSON.stringify(body);

/** Nudge DMs Slack took, per person. */
function nudgesTo(): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of t.fake.callsTo('chat.postMessage'))
    if (call.ok && /^U_L\d+$/.test(String(call.args.channel)))
      sent.set(String(call.args.channel), (sent.get(String(call.args.channel)) ?? 0) + 1);
  return sent;
}

/** "Nudge them": the question it asks first (to the clicker only), as posted. */
async function askToNudge(userId: string, step: string, groupIds: string[]) {
  const click = await t.slack.blockAction({
    userId,
    actionId: 'insights.nudge:0',
    value: JSON.stringify({ s: step, g: groupIds }),
  });
  return t.fake.waitForResponsePost(click.responseUrl);
}

async function confirm(userId: string, question: { blocks?: unknown }): Promise<string> {
  const button = findButton(question.blocks, 'insights.nudge.confirm')!;
  const click = await t.slack.blockAction({ userId, actionId: button.action_id, value: button.value });
  return text(await t.fake.waitForResponsePost(click.responseUrl));
}

/** "Nudge them", then its Confirm when it asks; the last answer. */
async function clickNudge(userId: string, step: string, groupIds: string[]): Promise<string> {
  const question = await askToNudge(userId, step, groupIds);
  if (!findButton(question.blocks, 'insights.nudge.confirm')) return text(question);
  return confirm(userId, question);
}

beforeAll(async () => {
  t = await startTestApp();
  await createOrganization(t.store, { seats: 100 }).catch(() => undefined);
  eng = await createGroup(t.store, { name: 'Eng' });
  t.fake.addUser({ id: 'U_LEAD', email: 'lead@example.com' });
  t.fake.addUser({ id: 'U_OTHER', email: 'other@example.com' });
  await createUser(t.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: eng._id, permissions: [] }],
  });
  await createUser(t.store, { email: 'other@example.com', role: 'group_admin', managedGroups: [] });
  for (let i = 0; i < STUCK; i += 1) {
    // Joined, not enrolled yet: stuck before "enrolled". Half are found by email, half known by id.
    if (i % 2 === 0) t.fake.addUser({ id: learnerId(i), email: learner(i) });
    await createUser(t.store, {
      email: learner(i),
      groupIds: [eng._id],
      ...(i % 2 === 1 ? { slackUserId: learnerId(i) } : {}),
    });
  }
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.fake.reset();
});

describe('Nudge them', () => {
  it('asks first, naming how many people get a DM and for which step, and sends nothing on Cancel', async () => {
    const question = await askToNudge('U_LEAD', 'enrolled', [eng._id]);
    expect(validateBlocks(question.blocks, 'message')).toEqual([]);
    // A new ephemeral answer: the digest or funnel the button is in stays as it was.
    expect(question.replace_original).not.toBe(true);
    expect(question.text).toBe('Send a nudge DM to 12 people who joined but have not picked a course in *Eng*?');
    expect(text(question.blocks)).toContain('asking them to pick a first course');
    expect(findButton(question.blocks, 'insights.nudge.confirm')).toBeDefined();
    const cancel = findButton(question.blocks, 'confirmation.cancel')!;
    const click = await t.slack.blockAction({ userId: 'U_LEAD', actionId: cancel.action_id, value: cancel.value });
    expect(text(await t.fake.waitForResponsePost(click.responseUrl))).toContain('Cancelled. Nothing was changed.');
    expect(await t.store.bulkRuns.countDocuments({ kind: 'nudge', status: { $ne: 'draft' } })).toBe(0);
    expect(nudgesTo().size).toBe(0);
  });

  it('sends each stuck person one DM suited to their step, through Slack’s rate limits, and audits it', async () => {
    // Two 429s with Retry-After in the middle of the run: waited out, no nudge dropped.
    t.fake.failNext('chat.postMessage', 'ratelimited', { retryAfterSeconds: 1 });
    t.fake.failNext('chat.postMessage', 'ratelimited', { retryAfterSeconds: 1 });
    expect(await clickNudge('U_LEAD', 'enrolled', [eng._id])).toContain('Nudging 12 people to pick a first course');
    await waitForBulkRuns(t.store);
    const sent = nudgesTo();
    expect(sent.size).toBe(STUCK);
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    expect(text(t.fake.messagesIn(learnerId(0)).at(-1))).toContain('pick a first course');
    const result = t.fake.messagesIn('U_LEAD').at(-1)!;
    expect(text(result.blocks)).toContain('12 nudges sent');
    expect(await t.store.auditEntries.countDocuments({ action: 'nudge.sent' })).toBe(STUCK);
  });

  it('nudges nobody twice for a step in a week, whoever clicks', async () => {
    expect(await clickNudge('U_LEAD', 'enrolled', [eng._id])).toContain(
      'Everyone stuck there was nudged to pick a first course this week already',
    );
    await waitForBulkRuns(t.store);
    expect(nudgesTo().size).toBe(0);
  });

  it('sends once when the button is clicked twice and each question confirmed, the second one twice', async () => {
    for (let i = 0; i < 3; i += 1)
      await createUser(t.store, { email: `late${i}@example.com`, groupIds: [eng._id], slackUserId: `U_L${100 + i}` });
    const [first, second] = await Promise.all([
      askToNudge('U_LEAD', 'enrolled', [eng._id]),
      askToNudge('U_LEAD', 'enrolled', [eng._id]),
    ]);
    expect(first.text).toContain('Send a nudge DM to 3 people');
    expect(second.text).toContain('Send a nudge DM to 3 people');
    const answers = await Promise.all([confirm('U_LEAD', first), confirm('U_LEAD', second), confirm('U_LEAD', second)]);
    expect(answers.filter((a) => a.includes('Already started'))).toHaveLength(1);
    await waitForBulkRuns(t.store);
    const sent = nudgesTo();
    expect([...sent.keys()].sort()).toEqual(['U_L100', 'U_L101', 'U_L102']);
    expect([...sent.values()]).toEqual([1, 1, 1]);
  });

  it('refuses a team lead the groups they do not manage', async () => {
    expect(await clickNudge('U_OTHER', 'enrolled', [eng._id])).toContain('groups you manage');
    expect(nudgesTo().size).toBe(0);
  });

  it('recognizes its own claims when a page is applied again after a crash, and nobody else’s', async () => {
    const ctx = buildContext(t.store, { now: () => new Date('2026-11-26T10:00:00Z') });
    const emails = ['x1@example.com', 'x2@example.com'];
    const first = await claimNudges(ctx, { batch: 'run-a:p0', step: 'started', emails });
    const again = await claimNudges(ctx, { batch: 'run-a:p0', step: 'started', emails });
    const other = await claimNudges(ctx, { batch: 'run-b:p0', step: 'started', emails });
    expect(first.map((o) => o.status)).toEqual(['done', 'done']);
    expect(again.map((o) => o.status)).toEqual(['done', 'done']);
    expect(other.map((o) => o.status)).toEqual(['skipped', 'skipped']);
    // A week later they may be nudged again.
    const nextWeek = buildContext(t.store, { now: () => new Date('2026-12-03T10:00:00Z') });
    expect((await claimNudges(nextWeek, { batch: 'run-c:p0', step: 'started', emails })).map((o) => o.status)).toEqual([
      'done',
      'done',
    ]);
  });
});

describe('the automatic invitation reminder', () => {
  const invite = (email: string, sentAt: Date) =>
    t.store.invitations.create({
      _id: `T_TEST:${email}`,
      orgId: 'T_TEST',
      email,
      status: 'pending',
      firstSentAt: sentAt,
      lastSentAt: sentAt,
    });

  it('reminds each invitee once, 48 hours after their invitation, through a nudge run', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const deps: AppDeps = { ...t.app.deps, now: () => now };
    t.fake.addUser({ id: 'U_INV1', email: 'inv1@example.com' });
    t.fake.addUser({ id: 'U_INV2', email: 'inv2@example.com' });
    await invite('inv1@example.com', new Date('2026-11-24T10:00:00Z')); // 50 hours ago: due
    await invite('inv2@example.com', new Date('2026-11-25T10:00:00Z')); // 26 hours ago: not yet
    expect(await remindDueInvitees(t.app.deps.jobs, deps, 'T_TEST')).toBeDefined();
    await waitForBulkRuns(t.store);
    expect(t.fake.messagesIn('U_INV1')).toHaveLength(1);
    expect(text(t.fake.messagesIn('U_INV1')[0])).toContain('your invitation to the learning platform is waiting');
    expect(t.fake.messagesIn('U_INV2')).toHaveLength(0);
    // The job again at the same moment finds nothing new; a day later the second invitee is due.
    expect(await remindDueInvitees(t.app.deps.jobs, deps, 'T_TEST')).toBeUndefined();
    const nextDay: AppDeps = { ...t.app.deps, now: () => new Date('2026-11-27T12:00:00Z') };
    await remindDueInvitees(t.app.deps.jobs, nextDay, 'T_TEST');
    await waitForBulkRuns(t.store);
    expect(t.fake.messagesIn('U_INV1')).toHaveLength(1);
    expect(t.fake.messagesIn('U_INV2')).toHaveLength(1);
  });
});

describe('/ub nudges', () => {
  it('shows the automatic reminder, and lets only admins turn it off or change its delay', async () => {
    const shown = await t.slack.slashCommand({ userId: 'U_LEAD', text: 'nudges' });
    expect(text(await t.fake.waitForResponsePost(shown.responseUrl))).toContain('48 hours after their invitation');
    const refused = await t.slack.slashCommand({ userId: 'U_LEAD', text: 'nudges --reminder off' });
    expect(text(await t.fake.waitForResponsePost(refused.responseUrl))).toContain('Only ub admins can do that');
    await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
    t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
    const changed = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'nudges --delay 72' });
    expect(text(await t.fake.waitForResponsePost(changed.responseUrl))).toContain('72 hours after their invitation');
    const off = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'nudges --reminder off' });
    expect(text(await t.fake.waitForResponsePost(off.responseUrl))).toContain('invitees get no automatic reminder');
    expect(await t.store.auditEntries.countDocuments({ action: 'nudge.settings_changed' })).toBe(2);
  });
});
