import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGroup, createOrganization, createUser } from '../support/factories.js';
import { killableApp, type KillableApp } from '../support/killable-app.js';
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

async function clickNudge(slack: SlackDriver): Promise<void> {
  const click = await slack.blockAction({
    userId: LEAD,
    actionId: 'insights.nudge:0',
    value: JSON.stringify({ s: 'enrolled', g: [groupId] }),
  });
  expect(click.ack.status).toBe(200);
  await app.fake.waitForResponsePost(click.responseUrl, () => true, 15_000);
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
    await clickNudge(slack);
    await until('the second run to finish', async () => (await runs())[1]?.status === 'finished');
    expect((await runs())[1]).toMatchObject({ counts: { done: 0, skipped: COUNT } });
    expect(nudges()).toEqual(before);
  }, 120_000);
});
