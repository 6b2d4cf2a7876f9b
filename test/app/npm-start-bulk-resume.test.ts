import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { createStore, type Store } from '../../src/services/store.js';
import { withDatabase } from '../support/app-harness.js';
import { FakeSlack } from '../support/fake-slack/index.js';
import { SlackDriver } from '../support/slack-driver.js';
import { startUb, type StartedUb } from '../support/ub-process.js';

/**
 * The durable bulk job end to end, as production runs it: `npm start` in a child process, killed
 * with SIGKILL in the middle of a 1,000-address invite (once while invitations are being written,
 * once while the invitation DMs go out), then started again. The job must resume by itself and
 * leave every address invited exactly once: one invitation, one seat, one audit entry and one DM
 * each, and one result message. The database is the run's server (it survives the kills, as a
 * real database would), so the test can watch the run from outside.
 */
const ORG = 'T_TEST';
const ADMIN = 'UADMIN01';
const SEATS = 1_100;
const COUNT = 1_000;
const invitee = (i: number) => `invitee${String(i).padStart(4, '0')}@example.com`;
const inviteeId = (i: number) => `UINV${String(i).padStart(4, '0')}`;
const emails = Array.from({ length: COUNT }, (_, i) => invitee(i));
const inviteeIds = new Set(Array.from({ length: COUNT }, (_, i) => inviteeId(i)));

let fake: FakeSlack;
let db: DatabaseConnection;
let store: Store;
let env: Record<string, string>;
const started: StartedUb[] = [];

async function start(): Promise<{ ub: StartedUb; slack: SlackDriver }> {
  const ub = await startUb(fake, env);
  started.push(ub);
  const slack = new SlackDriver({
    appUrl: `http://127.0.0.1:${ub.port}/slack/events`,
    signingSecret: 'start-secret',
    fakeSlack: fake,
    teamId: ORG,
  });
  return { ub, slack };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const state = JSON.stringify(await runs().catch(() => 'no runs'), null, 1).slice(0, 2000);
      const output = started.at(-1)?.ub.output.split('\n').slice(-40).join('\n');
      throw new Error(`timed out waiting for ${what}\nruns: ${state}\nlast output:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Invitation DMs that Slack took, per invitee. */
function invitationDms(): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.ok && inviteeIds.has(channel)) sent.set(channel, (sent.get(channel) ?? 0) + 1);
  }
  return sent;
}

const runs = () => store.bulkRuns.find({ kind: 'invite' }).sort({ createdAt: 1 }).lean().exec();

beforeAll(async () => {
  // Slack without rate limits: this test is about crashes, not pacing.
  fake = await FakeSlack.start({ chatBurst: 1_000_000, chatPerSecond: 1_000_000 });
  fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
  for (let i = 0; i < COUNT; i += 1) fake.addUser({ id: inviteeId(i), email: invitee(i) });
  const baseUri = process.env.UB_TEST_MONGODB_URI;
  if (!baseUri) throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest');
  const dbName = `ubtest_${randomBytes(6).toString('hex')}`;
  db = await connectDatabase({ uri: baseUri, dbName });
  store = createStore(db.connection);
  env = {
    MONGODB_URI: withDatabase(baseUri, dbName),
    UB_BOOTSTRAP_ADMINS: ADMIN,
    // A killed runner's job is taken over 2 s after its last touch; replicas look for jobs 5 times a second.
    UB_JOB_LOCK_LIFETIME_MS: '2000',
    UB_JOB_POLL_MS: '200',
    LOG_LEVEL: 'info',
  };
}, 60_000);

afterAll(async () => {
  for (const ub of started) await ub.cleanup();
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
  await fake?.stop();
});

describe('a 1,000-address invite killed with SIGKILL and started again', () => {
  it('resumes by itself and invites every address exactly once: one invitation, seat, audit entry and DM each', async () => {
    const first = await start();
    const seats = await first.slack.slashCommand({ userId: ADMIN, text: `license seats ${SEATS}` });
    await fake.waitForResponsePost(seats.responseUrl, () => true, 15_000);

    const command = `invite ${emails.join(' ')}`;
    const invite = await first.slack.slashCommand({ userId: ADMIN, text: command });
    expect(invite.ack.status).toBe(200);
    expect((await fake.waitForResponsePost(invite.responseUrl, () => true, 15_000)).text).toBe(
      ':hourglass_flowing_sand: Started: Inviting 1,000 people — 0 of 1,000 done.',
    );

    // Killed while the invitations are being written…
    await until('some invitations', async () => (await store.invitations.countDocuments({})) >= 200);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    const atFirstKill = await store.invitations.countDocuments({});
    expect(atFirstKill).toBeLessThan(COUNT);

    // …and again while the invitation DMs go out.
    const second = await start();
    await until('some invitation DMs', () => invitationDms().size >= 300);
    expect(await second.ub.ub.stop('SIGKILL')).toBeNull();
    expect(invitationDms().size).toBeLessThan(COUNT);

    await start();
    await until('the run to finish', async () => (await runs())[0]?.status === 'finished', 90_000);

    const invitations = await store.invitations.find({}).lean().exec();
    expect(invitations).toHaveLength(COUNT);
    expect(new Set(invitations.map((i) => i.email))).toEqual(new Set(emails));
    expect(invitations.every((i) => i.status === 'pending' && i.sendCount === 1)).toBe(true);
    // One seat per invitation (and the admin's own), and no seat move left half-done.
    const org = await store.organizations.findById(ORG).lean().exec();
    expect(org).toMatchObject({ seats: SEATS, seatsFree: SEATS - COUNT - 1 });
    expect(org!.seatMoves ?? {}).toEqual({});
    // One audit entry per invitation.
    const audit = await store.auditEntries.find({ action: 'invitation.create' }).lean().exec();
    expect(audit).toHaveLength(COUNT);
    expect(new Set(audit.map((a) => a.targetId)).size).toBe(COUNT);
    // One invitation DM per invitee, each recorded on its invitation.
    const dms = invitationDms();
    expect(dms.size).toBe(COUNT);
    expect([...dms.values()].every((n) => n === 1)).toBe(true);
    expect(invitations.every((i) => i.slackUserId === inviteeId(Number(i.email.slice(7, 11))))).toBe(true);
    // One progress message, posted once and ending as the result with every DM counted.
    // (The admin's first contact also brought the first-run welcome, a message of its own.)
    const toAdmin = fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === ADMIN);
    expect(toAdmin.filter((c) => !String(c.args.text).startsWith('Welcome to ub'))).toHaveLength(1);
    const result = fake.messagesIn(ADMIN).at(-1)!;
    expect(result.text).toBe('Invitations: 1000 done, 0 skipped, 0 failed');
    expect(JSON.stringify(result.blocks)).toContain('Invitation DMs: 1,000 sent.');
    const [run] = await runs();
    expect(run).toMatchObject({
      counts: { done: COUNT, skipped: 0, failed: 0 },
      delivery: { sent: COUNT, notSent: 0 },
    });
  }, 240_000);

  it('is safe to run again: every address is reported as already invited and nothing changes', async () => {
    const { slack } = {
      slack: new SlackDriver({
        appUrl: `http://127.0.0.1:${started.at(-1)!.port}/slack/events`,
        signingSecret: 'start-secret',
        fakeSlack: fake,
        teamId: ORG,
      }),
    };
    const before = {
      org: await store.organizations.findById(ORG).lean().exec(),
      audit: await store.auditEntries.countDocuments({}),
      dms: fake.callsTo('chat.postMessage').filter((c) => c.ok).length,
    };
    const again = await slack.slashCommand({ userId: ADMIN, text: `invite ${emails.join(' ')}` });
    await fake.waitForResponsePost(again.responseUrl, () => true, 15_000);
    await until('the second run to finish', async () => (await runs())[1]?.status === 'finished');
    expect(fake.messagesIn(ADMIN).at(-1)!.text).toBe('Invitations: 0 done, 1000 skipped, 0 failed');
    expect(await store.invitations.countDocuments({})).toBe(COUNT);
    expect(await store.organizations.findById(ORG).lean().exec()).toMatchObject({ seatsFree: before.org!.seatsFree });
    expect(await store.auditEntries.countDocuments({})).toBe(before.audit);
    // The second run's own progress message is the only new post: no invitation DM went out again.
    expect(fake.callsTo('chat.postMessage').filter((c) => c.ok).length).toBe(before.dms + 1);
  }, 120_000);
});
