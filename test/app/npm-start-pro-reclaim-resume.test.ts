import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda } from 'agenda';
import { createJobRunner } from '../../src/jobs/agenda.js';
import { PRO_RECLAIM_JOB } from '../../src/jobs/pro-reclaim.js';
import { createOrganization, createUser } from '../support/factories.js';
import { KILLABLE_ORG, killableApp, type KillableApp } from '../support/killable-app.js';

/**
 * The Pro reclaim policy as production runs it: `npm start` in a child process, killed with
 * SIGKILL while the warnings go out, then started again; later killed while the reclaims are under
 * way, and started again. Every idle Pro holder is warned exactly once and reclaimed exactly once.
 */
const COUNT = 80;
const DAY = 86_400_000;
const holder = (i: number) => `holder${String(i).padStart(4, '0')}@example.com`;
const holderId = (i: number) => `UHLD${String(i).padStart(4, '0')}`;
const holderIds = new Set(Array.from({ length: COUNT }, (_, i) => holderId(i)));

let app: KillableApp;
let trigger: Agenda;
const states = () => app.store.proReclaims.aggregate([{ $group: { _id: '$state', n: { $sum: 1 } } }]).exec();

/** DMs Slack took per holder whose text has `words`. */
function dms(words: string): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of app.fake.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.ok && holderIds.has(channel) && String(call.args.text).includes(words))
      sent.set(channel, (sent.get(channel) ?? 0) + 1);
  }
  return sent;
}

const inState = (state: 'reclaimed' | 'warned') => app.store.proReclaims.countDocuments({ state }).exec();

/** Saves one run of the job for whichever ub process polls first (this runner never processes). */
const runJobNow = () => trigger.now(PRO_RECLAIM_JOB);

/**
 * Asks for a run every two seconds until `condition` holds, as the hourly schedule would over hours:
 * a post or a reclaim a killed process left claimed is taken over only once its lease lapses.
 */
async function runUntil(what: string, condition: () => Promise<boolean>): Promise<void> {
  let asked = 0;
  await app.until(
    what,
    async () => {
      if (await condition()) return true;
      if (Date.now() - asked > 2_000) {
        asked = Date.now();
        await runJobNow();
      }
      return false;
    },
    150_000,
  );
}

beforeAll(async () => {
  app = await killableApp({ state: states });
  // Counters as the holders below leave them (a recount may run: decision 050).
  await createOrganization(app.store, {
    seats: 1_000,
    seatsFree: 1_000 - COUNT,
    proSeats: 200,
    proSeatsFree: 200 - COUNT,
  });
  await app.store.organizations
    .updateOne({ _id: KILLABLE_ORG }, { $set: { approvalsReclaimProDays: 30, approvalsReclaimGraceDays: 7 } })
    .exec();
  const longAgo = new Date(Date.now() - 200 * DAY);
  for (let i = 0; i < COUNT; i += 1) {
    app.fake.addUser({ id: holderId(i), email: holder(i) });
    await createUser(app.store, {
      email: holder(i),
      slackUserId: holderId(i),
      licenseType: 'pro',
      lastActivityAt: new Date(Date.now() - 60 * DAY),
      createdAt: longAgo,
    });
  }
  trigger = createJobRunner({ connection: app.store.connection, log: () => undefined });
}, 120_000);

afterAll(async () => {
  await trigger?.stop().catch(() => undefined);
  await app?.stop();
});

describe('the Pro reclaim job killed with SIGKILL and started again', () => {
  it('warns every idle Pro holder exactly once, then reclaims each exactly once', async () => {
    const first = await app.start();
    await runJobNow();
    await app.until('some warnings', () => dms('no learning activity').size >= 15);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(dms('no learning activity').size).toBeLessThan(COUNT);

    const second = await app.start();
    await runUntil(
      'every warning',
      async () => (await app.store.proReclaims.countDocuments({ reclaimAt: { $ne: null } })) === COUNT,
    );
    const warned = dms('no learning activity');
    expect(warned.size).toBe(COUNT);
    expect([...warned.values()].every((n) => n === 1)).toBe(true);

    await app.store.proReclaims.updateMany({}, { $set: { reclaimAt: new Date(Date.now() - DAY) } }).exec();
    await runJobNow();
    await app.until('some reclaims', async () => (await inState('reclaimed')) >= 15);
    expect(await second.ub.ub.stop('SIGKILL')).toBeNull();

    await app.start();
    await runUntil(
      'every reclaim, its holder told',
      async () => (await app.store.proReclaims.countDocuments({ state: 'reclaimed', toldAt: { $ne: null } })) === COUNT,
    );
    const told = dms('went back to standard');
    expect(told.size).toBe(COUNT);
    expect([...told.values()].every((n) => n === 1)).toBe(true);
    expect(await app.store.auditEntries.countDocuments({ action: 'license.reclaimed' })).toBe(COUNT);
    expect(await app.store.auditEntries.countDocuments({ action: 'user.set_license' })).toBe(COUNT);
    expect(await app.store.users.countDocuments({ licenseType: 'pro' })).toBe(0);
    // A kill between a license change and its seat's return leaves the seat out; the resumed cycle has
    // the seats recounted (decision 050), so every seat is free again once that recount has run.
    await app.until(
      'every Pro seat free again',
      async () => (await app.store.organizations.findById(KILLABLE_ORG).lean().exec())?.proSeatsFree === 200,
      60_000,
    );
    const repaired = await app.store.auditEntries.find({ action: 'license.seats_repaired' }).lean().exec();
    expect(repaired.length).toBeLessThanOrEqual(1);
  }, 300_000);
});
