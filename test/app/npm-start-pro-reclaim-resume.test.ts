import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda } from 'agenda';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { createJobRunner } from '../../src/jobs/agenda.js';
import { PRO_RECLAIM_JOB } from '../../src/jobs/pro-reclaim.js';
import { createStore, type Store } from '../../src/services/store.js';
import { withDatabase } from '../support/app-harness.js';
import { createOrganization, createUser } from '../support/factories.js';
import { FakeSlack } from '../support/fake-slack/index.js';
import { startUb, type StartedUb } from '../support/ub-process.js';

/**
 * The Pro reclaim policy as production runs it: `npm start` in a child process, killed with
 * SIGKILL while the warnings go out, then started again; later killed while the reclaims are under
 * way, and started again. Every idle Pro holder is warned exactly once and reclaimed exactly once.
 */
const ORG = 'T_TEST';
const COUNT = 80;
const DAY = 86_400_000;
const holder = (i: number) => `holder${String(i).padStart(4, '0')}@example.com`;
const holderId = (i: number) => `UHLD${String(i).padStart(4, '0')}`;
const holderIds = new Set(Array.from({ length: COUNT }, (_, i) => holderId(i)));

let fake: FakeSlack;
let db: DatabaseConnection;
let store: Store;
let trigger: Agenda;
let env: Record<string, string>;
const started: StartedUb[] = [];

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** DMs Slack took per holder whose text has `words`. */
function dms(words: string): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of fake.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.ok && holderIds.has(channel) && String(call.args.text).includes(words))
      sent.set(channel, (sent.get(channel) ?? 0) + 1);
  }
  return sent;
}

const inState = (state: 'reclaimed' | 'warned') => store.proReclaims.countDocuments({ state }).exec();

/** Saves one run of the job for whichever ub process polls first (this runner never processes). */
const runJobNow = () => trigger.now(PRO_RECLAIM_JOB);

/**
 * Asks for a run every two seconds until `condition` holds, as the hourly schedule would over hours:
 * a post or a reclaim a killed process left claimed is taken over only once its lease lapses.
 */
async function runUntil(what: string, condition: () => Promise<boolean>, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const states = await store.proReclaims.aggregate([{ $group: { _id: '$state', n: { $sum: 1 } } }]).exec();
      const problems = started.flatMap((ub) => ub.ub.output.split('\n').filter((l) => /error|fail/i.test(l)));
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(states)}\n${problems.slice(-10).join('\n')}`);
    }
    await runJobNow();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

beforeAll(async () => {
  fake = await FakeSlack.start({ chatBurst: 1_000_000, chatPerSecond: 1_000_000 });
  const baseUri = process.env.UB_TEST_MONGODB_URI;
  if (!baseUri) throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest');
  const dbName = `ubtest_${randomBytes(6).toString('hex')}`;
  db = await connectDatabase({ uri: baseUri, dbName });
  store = createStore(db.connection);
  await createOrganization(store, { seats: 1_000, seatsFree: 800, proSeats: 200, proSeatsFree: 50 });
  await store.organizations
    .updateOne({ _id: ORG }, { $set: { approvalsReclaimProDays: 30, approvalsReclaimGraceDays: 7 } })
    .exec();
  const longAgo = new Date(Date.now() - 200 * DAY);
  for (let i = 0; i < COUNT; i += 1) {
    fake.addUser({ id: holderId(i), email: holder(i) });
    await createUser(store, {
      email: holder(i),
      slackUserId: holderId(i),
      licenseType: 'pro',
      lastActivityAt: new Date(Date.now() - 60 * DAY),
      createdAt: longAgo,
      searchIndexed: false,
    });
  }
  trigger = createJobRunner({ connection: db.connection, log: () => undefined });
  env = {
    MONGODB_URI: withDatabase(baseUri, dbName),
    UB_JOB_LOCK_LIFETIME_MS: '2000',
    UB_JOB_POLL_MS: '200',
    LOG_LEVEL: 'info',
  };
}, 120_000);

afterAll(async () => {
  for (const ub of started) await ub.cleanup();
  await trigger?.stop().catch(() => undefined);
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
  await fake?.stop();
});

describe('the Pro reclaim job killed with SIGKILL and started again', () => {
  it('warns every idle Pro holder exactly once, then reclaims each exactly once', async () => {
    const first = await startUb(fake, env);
    started.push(first);
    await runJobNow();
    await until('some warnings', () => dms('no learning activity').size >= 15);
    expect(await first.ub.stop('SIGKILL')).toBeNull();
    expect(dms('no learning activity').size).toBeLessThan(COUNT);

    const second = await startUb(fake, env);
    started.push(second);
    await runUntil(
      'every warning',
      async () => (await store.proReclaims.countDocuments({ reclaimAt: { $ne: null } })) === COUNT,
    );
    const warned = dms('no learning activity');
    expect(warned.size).toBe(COUNT);
    expect([...warned.values()].every((n) => n === 1)).toBe(true);

    await store.proReclaims.updateMany({}, { $set: { reclaimAt: new Date(Date.now() - DAY) } }).exec();
    await runJobNow();
    await until('some reclaims', async () => (await inState('reclaimed')) >= 15);
    expect(await second.ub.stop('SIGKILL')).toBeNull();

    const third = await startUb(fake, env);
    started.push(third);
    await runUntil('every reclaim', async () => (await inState('reclaimed')) === COUNT);
    const told = dms('went back to standard');
    expect(told.size).toBe(COUNT);
    expect([...told.values()].every((n) => n === 1)).toBe(true);
    expect(await store.auditEntries.countDocuments({ action: 'license.reclaimed' })).toBe(COUNT);
    expect(await store.auditEntries.countDocuments({ action: 'user.set_license' })).toBe(COUNT);
    expect(await store.users.countDocuments({ licenseType: 'pro' })).toBe(0);
    expect(await store.organizations.findById(ORG).lean().exec()).toMatchObject({ proSeatsFree: 50 + COUNT });
  }, 300_000);
});
