import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { APPROVAL_LIFECYCLE_JOB } from '../../src/jobs/approval-lifecycle.js';
import { PRO_RECLAIM_JOB, runProReclaim } from '../../src/jobs/pro-reclaim.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createUser } from '../support/factories.js';
import { asJson, asText, findButton } from '../support/posted-blocks.js';
import { cardIn, clickOnCard } from '../commands/approvals/approval-support.js';

let t: TestApp;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);
const user = (email: string) => t.store.users.findById(`T_TEST:${email}`).lean().exec();
const reclaimOf = (email: string) => t.store.proReclaims.findById(`T_TEST:${email}`).lean().exec();
const org = () => t.store.organizations.findById('T_TEST').lean().exec();
/** Messages in a DM since this test began (the fake keeps conversations across tests). */
const seen = new Map<string, number>();
const messagesNow = (userId: string) => t.fake.messagesIn(userId).slice(seen.get(userId) ?? 0);
const warningsTo = (userId: string) =>
  messagesNow(userId).filter((m) => findButton(m.blocks, 'approvals.keep_pro') !== undefined);
const dmsTo = (userId: string, words: string) =>
  t.fake.calls.filter(
    (c) => c.method === 'chat.postMessage' && c.args.channel === userId && String(c.args.text).includes(words),
  );
const audits = (action: string, email: string) =>
  t.store.auditEntries.countDocuments({ action, subjects: email }).exec();
const dueNow = (email: string) =>
  t.store.proReclaims.updateOne({ _id: `T_TEST:${email}` }, { $set: { reclaimAt: daysAgo(1) } }).exec();

/** Warned, then claimed for the reclaim by a run that stopped, a lock lifetime ago. */
async function warnedThenLeftClaimed(email: string): Promise<void> {
  await runProReclaim(t.app.deps);
  await t.store.proReclaims
    .updateOne(
      { _id: `T_TEST:${email}` },
      { $set: { state: 'reclaiming', claimedAt: daysAgo(1), reclaimAt: daysAgo(1) } },
    )
    .exec();
}

beforeAll(async () => {
  t = await startTestApp();
  // Only what the reclaim job and the waitlist wake-up do is seen here, never the minute's sweep.
  await t.app.deps.jobs.cancel({ name: APPROVAL_LIFECYCLE_JOB });
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_IDLE', 'idle@example.com'],
    ['U_BUSY', 'busy@example.com'],
    ['U_STD', 'std@example.com'],
    ['U_NEWPRO', 'newpro@example.com'],
    ['U_PLAIN', 'plain@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, { email: 'plain@example.com', slackUserId: 'U_PLAIN' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  for (const userId of ['U_IDLE', 'U_BUSY', 'U_STD', 'U_NEWPRO']) seen.set(userId, t.fake.messagesIn(userId).length);
  await t.store.proReclaims.deleteMany({});
  // Each test starts people's reclaim records afresh (cycle 1 again): their post records go too.
  await t.store.slackPosts.deleteMany({});
  await t.store.approvalRequests.deleteMany({});
  await t.store.pendingRequestKeys.deleteMany({});
  await t.store.users.deleteMany({ email: { $in: ['idle@example.com', 'busy@example.com', 'std@example.com'] } });
  await t.store.users.deleteMany({ email: 'newpro@example.com' });
  const old = { createdAt: daysAgo(200), joinedAt: daysAgo(200) };
  await createUser(t.store, {
    email: 'idle@example.com',
    slackUserId: 'U_IDLE',
    licenseType: 'pro',
    lastActivityAt: daysAgo(40),
    ...old,
  });
  await createUser(t.store, {
    email: 'busy@example.com',
    slackUserId: 'U_BUSY',
    licenseType: 'pro',
    lastActivityAt: daysAgo(2),
    ...old,
  });
  await createUser(t.store, { email: 'std@example.com', slackUserId: 'U_STD', lastActivityAt: daysAgo(90), ...old });
  // Pro given last week, never used yet: counted from when they got it.
  await createUser(t.store, {
    email: 'newpro@example.com',
    slackUserId: 'U_NEWPRO',
    licenseType: 'pro',
    proSince: daysAgo(7),
    ...old,
  });
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 20, seatsFree: 10, proSeats: 4, proSeatsFree: 1 }, $unset: { waitlistLeaseUntil: 1 } },
  );
  expect(asText(await t.slack.answer('U_ADMIN', 'approvals policy reclaim-pro 30 7'))).toContain(
    'no learning activity for 30 days are reclaimed, 7 days after a warning',
  );
});

describe('the Pro reclaim policy', () => {
  it('warns an idle Pro holder once, then reclaims after the grace, once, audited as made by the policy', async () => {
    expect((await user('idle@example.com'))!.createdAt.getTime()).toBeLessThan(daysAgo(100).getTime());
    await t.app.deps.jobs.now(PRO_RECLAIM_JOB);
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_IDLE', 8000);
    await Promise.all([runProReclaim(t.app.deps), runProReclaim(t.app.deps)]);
    expect(warningsTo('U_IDLE')).toHaveLength(1);
    expect(warningsTo('U_IDLE')[0]!.text).toContain('no learning activity since');
    for (const other of ['U_BUSY', 'U_STD', 'U_NEWPRO']) expect(messagesNow(other)).toEqual([]);
    const warned = (await reclaimOf('idle@example.com'))!;
    expect(warned).toMatchObject({ state: 'warned', cycle: 1 });
    expect(warned.reclaimAt!.getTime()).toBeGreaterThan(Date.now() + 6 * DAY);

    // Still inside the grace: nothing is taken.
    await runProReclaim(t.app.deps);
    expect((await user('idle@example.com'))!.licenseType).toBe('pro');

    await dueNow('idle@example.com');
    await Promise.all([runProReclaim(t.app.deps), runProReclaim(t.app.deps)]);
    await runProReclaim(t.app.deps);
    expect((await user('idle@example.com'))!.licenseType).toBe('standard');
    expect(await org()).toMatchObject({ proSeatsFree: 2 });
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'reclaimed' });
    expect(await audits('license.reclaimed', 'idle@example.com')).toBe(1);
    expect(await audits('user.set_license', 'idle@example.com')).toBe(1);
    expect(await audits('license.reclaim_warned', 'idle@example.com')).toBe(1);
    const entry = await t.store.auditEntries.findOne({ action: 'license.reclaimed', subjects: 'idle@example.com' });
    expect(entry).toMatchObject({
      source: 'job',
      after: { policy: 'policy: Pro licenses with no learning activity for 30 days are reclaimed' },
    });
    expect(dmsTo('U_IDLE', 'went back to standard')).toHaveLength(1);
    // The warning keeps no "I still need it" once the license is gone.
    expect(warningsTo('U_IDLE')).toHaveLength(0);
    for (const email of ['busy@example.com', 'newpro@example.com'])
      expect((await user(email))!.licenseType).toBe('pro');
  });

  it('keeps the license of whoever answers "I still need it", and refuses the same button clicked by someone else', async () => {
    await runProReclaim(t.app.deps);
    const warning = warningsTo('U_IDLE')[0]!;
    const keep = findButton(warning.blocks, 'approvals.keep_pro')!;

    const forged = await t.slack.blockAction({
      userId: 'U_BUSY',
      actionId: keep.action_id,
      value: keep.value,
      message: { ts: warning.ts },
    });
    expect(String((await t.fake.waitForResponsePost(forged.responseUrl)).text)).toContain(
      'Only the person whose license it is',
    );
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'warned' });
    expect(t.logs.some((l) => l.includes('Pro reclaim answer was refused') && l.includes('U_BUSY'))).toBe(true);

    const click = await t.slack.blockAction({
      userId: 'U_IDLE',
      actionId: keep.action_id,
      value: keep.value,
      message: { ts: warning.ts },
    });
    const answer = await t.fake.waitForResponsePost(click.responseUrl);
    expect(answer.replace_original).toBe(true);
    expect(String(answer.text)).toContain('You keep your Pro license');
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'kept' });

    await dueNow('idle@example.com');
    await runProReclaim(t.app.deps);
    expect((await user('idle@example.com'))!.licenseType).toBe('pro');
    expect(warningsTo('U_IDLE')).toHaveLength(1);
    expect(await audits('license.reclaim_kept', 'idle@example.com')).toBe(1);
  });

  it("refuses an answer naming another workspace's record, or an older warning", async () => {
    await runProReclaim(t.app.deps);
    await t.store.proReclaims.create({
      ...(await reclaimOf('idle@example.com'))!,
      _id: 'T_OTHER:idle@example.com',
      orgId: 'T_OTHER',
    });
    for (const value of [
      { r: 'T_OTHER:idle@example.com', c: 1 },
      { r: 'T_TEST:idle@example.com', c: 7 },
    ]) {
      const click = await t.slack.blockAction({
        userId: 'U_IDLE',
        actionId: 'approvals.keep_pro',
        value: JSON.stringify(value),
      });
      expect(String((await t.fake.waitForResponsePost(click.responseUrl)).text)).toContain('out of date');
    }
    expect(await t.store.proReclaims.findById('T_OTHER:idle@example.com').lean().exec()).toMatchObject({
      state: 'warned',
    });
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'warned' });
  });

  it('clears the warning of someone who learned during the grace', async () => {
    await runProReclaim(t.app.deps);
    await t.store.users.updateOne({ _id: 'T_TEST:idle@example.com' }, { $set: { lastActivityAt: new Date() } }).exec();
    await dueNow('idle@example.com');
    await runProReclaim(t.app.deps);
    expect((await user('idle@example.com'))!.licenseType).toBe('pro');
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'cleared' });
  });

  it('finishes a reclaim a stopped run left half-way, once', async () => {
    await warnedThenLeftClaimed('idle@example.com');
    await Promise.all([runProReclaim(t.app.deps), runProReclaim(t.app.deps)]);
    await runProReclaim(t.app.deps);
    expect((await user('idle@example.com'))!.licenseType).toBe('standard');
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'reclaimed' });
    expect(await audits('license.reclaimed', 'idle@example.com')).toBe(1);
    expect(dmsTo('U_IDLE', 'went back to standard')).toHaveLength(1);
  });

  it('records the license change once when a stopped run took the license back before recording it', async () => {
    // The stopped run claimed the reclaim and changed the license; its audit entry was never written.
    await warnedThenLeftClaimed('idle@example.com');
    await t.store.users.updateOne({ _id: 'T_TEST:idle@example.com' }, { $set: { licenseType: 'standard' } }).exec();
    await Promise.all([runProReclaim(t.app.deps), runProReclaim(t.app.deps)]);
    await runProReclaim(t.app.deps);
    expect(await reclaimOf('idle@example.com')).toMatchObject({ state: 'reclaimed' });
    expect(await audits('user.set_license', 'idle@example.com')).toBe(1);
    expect(await audits('license.reclaimed', 'idle@example.com')).toBe(1);
  });

  it('gives the reclaimed Pro seat to the first Pro request on the waitlist, without waiting for the sweep', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { proSeatsFree: 0 } }).exec();
    await t.slack.answer('U_PLAIN', 'request pro --reason "the data course"');
    await clickOnCard(t, 'U_ADMIN', await cardIn(t, 'U_ADMIN'), 'approve');
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_PLAIN' && String(c.args.text).includes('number 1 in line'),
    );
    await runProReclaim(t.app.deps);
    await dueNow('idle@example.com');
    await runProReclaim(t.app.deps);
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_PLAIN' && String(c.args.text).includes('given a Pro license'),
      8000,
    );
    expect((await user('plain@example.com'))!.licenseType).toBe('pro');
    expect((await user('idle@example.com'))!.licenseType).toBe('standard');
    expect(await org()).toMatchObject({ proSeatsFree: 0 });
  });

  it('stops when the policy is turned off', async () => {
    expect(asText(await t.slack.answer('U_ADMIN', 'approvals policy reclaim-pro off'))).toContain(
      'Unused Pro licenses are not reclaimed',
    );
    await runProReclaim(t.app.deps);
    expect(warningsTo('U_IDLE')).toHaveLength(0);
    expect(asJson(await reclaimOf('idle@example.com'))).toBeNull();
  });
});
