import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGroup, createOrganization, createUser } from '../support/factories.js';
import { killableApp, type KillableApp } from '../support/killable-app.js';
import { findButton } from '../support/posted-blocks.js';
import type { SlackDriver } from '../support/slack-driver.js';

/**
 * "Nudge them" end to end as production runs it: `npm start` in a child process, killed with
 * SIGKILL while the nudges go out, then started again. The run resumes by itself and every stuck
 * person gets exactly one nudge; clicking again the same week nudges nobody.
 */
const LEAD = 'ULEAD001';
const COUNT = 300;
const learner = (i: number) => `learner${String(i).padStart(4, '0')}@example.com`;
const learnerId = (i: number) => `ULRN${String(i).padStart(4, '0')}`;
const learnerIds = new Set(Array.from({ length: COUNT }, (_, i) => learnerId(i)));

let app: KillableApp;
let groupId: string;
const start = () => app.start();
const until = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 90_000) =>
  app.until(what, condition, timeoutMs);

/** Nudge DMs Slack took, per person. */
function nudges(): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of app.fake.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.ok && learnerIds.has(channel)) sent.set(channel, (sent.get(channel) ?? 0) + 1);
  }
  return sent;
}

const runs = () => app.store.bulkRuns.find({ kind: 'nudge' }).sort({ createdAt: 1 }).lean().exec();

async function clickNudge(slack: SlackDriver): Promise<string> {
  const click = await slack.blockAction({
    userId: LEAD,
    actionId: 'insights.nudge:0',
    value: JSON.stringify({ s: 'enrolled', g: [groupId] }),
  });
  expect(click.ack.status).toBe(200);
  const question = await app.fake.waitForResponsePost(click.responseUrl, () => true, 15_000);
  // "Nudge them" asks first; nobody left to nudge this week is said instead.
  const confirm = findButton(question.blocks, 'insights.nudge.confirm');
  if (!confirm) return String(question.text);
  const ok = await slack.blockAction({ userId: LEAD, actionId: confirm.action_id, value: confirm.value });
  expect(ok.ack.status).toBe(200);
  return String((await app.fake.waitForResponsePost(ok.responseUrl, () => true, 15_000)).text);
}

beforeAll(async () => {
  app = await killableApp({ state: runs });
  app.fake.addUser({ id: LEAD, email: 'lead@example.com' });
  await createOrganization(app.store, { seats: 1_000 });
  groupId = (await createGroup(app.store, { name: 'Eng' }))._id;
  await createUser(app.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId, permissions: [] }],
  });
  // Joined, not enrolled: stuck before "enrolled".
  for (let i = 0; i < COUNT; i += 1) {
    app.fake.addUser({ id: learnerId(i), email: learner(i) });
    await createUser(app.store, { email: learner(i), groupIds: [groupId], slackUserId: learnerId(i) });
  }
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('a nudge run killed with SIGKILL and started again', () => {
  it('resumes by itself and nudges every stuck person exactly once, audited once', async () => {
    const first = await start();
    await clickNudge(first.slack);
    await until('some nudges', () => nudges().size >= 60);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(nudges().size).toBeLessThan(COUNT);

    await start();
    await until('the run to finish', async () => (await runs())[0]?.status === 'finished', 150_000);
    const sent = nudges();
    expect(sent.size).toBe(COUNT);
    expect([...sent.values()].every((n) => n === 1)).toBe(true);
    expect(await app.store.auditEntries.countDocuments({ action: 'nudge.sent' })).toBe(COUNT);
    expect((await runs())[0]).toMatchObject({ counts: { done: COUNT, skipped: 0, failed: 0 } });
  }, 240_000);

  it('nudges nobody again the same week', async () => {
    const slack = app.driver();
    const before = nudges();
    // Everyone was nudged this week: the click says so and starts no run.
    expect(await clickNudge(slack)).toContain('was nudged to pick a first course this week already');
    expect(await runs()).toHaveLength(1);
    expect(nudges()).toEqual(before);
  }, 120_000);
});
