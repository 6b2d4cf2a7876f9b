import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { killableApp, KILLABLE_ORG as ORG, type KillableApp } from '../support/killable-app.js';

/**
 * The durable bulk job end to end, as production runs it: `npm start` in a child process, killed
 * with SIGKILL in the middle of a 1,000-address invite (once while invitations are being written,
 * once while the invitation DMs go out), then started again. The job must resume by itself and
 * leave every address invited exactly once: one invitation, one seat, one audit entry and one DM
 * each, and one result message. The database is the run's server (it survives the kills, as a
 * real database would), so the test can watch the run from outside.
 */
const ADMIN = 'UADMIN01';
const SEATS = 1_100;
const COUNT = 1_000;
const invitee = (i: number) => `invitee${String(i).padStart(4, '0')}@example.com`;
const inviteeId = (i: number) => `UINV${String(i).padStart(4, '0')}`;
const emails = Array.from({ length: COUNT }, (_, i) => invitee(i));
const inviteeIds = new Set(Array.from({ length: COUNT }, (_, i) => inviteeId(i)));

let app: KillableApp;
const start = () => app.start();
const until = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  app.until(what, condition, timeoutMs);

/** Invitation DMs that Slack took, per invitee. */
function invitationDms(): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of app.fake.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.ok && inviteeIds.has(channel)) sent.set(channel, (sent.get(channel) ?? 0) + 1);
  }
  return sent;
}

const runs = () => app.store.bulkRuns.find({ kind: 'invite' }).sort({ createdAt: 1 }).lean().exec();

beforeAll(async () => {
  app = await killableApp({ env: { UB_BOOTSTRAP_ADMINS: ADMIN }, state: runs });
  app.fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
  for (let i = 0; i < COUNT; i += 1) app.fake.addUser({ id: inviteeId(i), email: invitee(i) });
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('a 1,000-address invite killed with SIGKILL and started again', () => {
  it('resumes by itself and invites every address exactly once: one invitation, seat, audit entry and DM each', async () => {
    const first = await start();
    const seats = await first.slack.slashCommand({ userId: ADMIN, text: `license seats ${SEATS}` });
    await app.fake.waitForResponsePost(seats.responseUrl, () => true, 15_000);

    const command = `invite ${emails.join(' ')}`;
    const invite = await first.slack.slashCommand({ userId: ADMIN, text: command });
    expect(invite.ack.status).toBe(200);
    expect((await app.fake.waitForResponsePost(invite.responseUrl, () => true, 15_000)).text).toBe(
      ':hourglass_flowing_sand: Started: Inviting 1,000 people — 0 of 1,000 done.',
    );

    // Killed while the invitations are being written…
    await until('some invitations', async () => (await app.store.invitations.countDocuments({})) >= 200);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    const atFirstKill = await app.store.invitations.countDocuments({});
    expect(atFirstKill).toBeLessThan(COUNT);

    // …and again while the invitation DMs go out.
    const second = await start();
    await until('some invitation DMs', () => invitationDms().size >= 300);
    expect(await second.ub.ub.stop('SIGKILL')).toBeNull();
    expect(invitationDms().size).toBeLessThan(COUNT);

    await start();
    await until('the run to finish', async () => (await runs())[0]?.status === 'finished', 90_000);

    const invitations = await app.store.invitations.find({}).lean().exec();
    expect(invitations).toHaveLength(COUNT);
    expect(new Set(invitations.map((i) => i.email))).toEqual(new Set(emails));
    expect(invitations.every((i) => i.status === 'pending' && i.sendCount === 1)).toBe(true);
    // One seat per invitation (and the admin's own), and no seat move left half-done.
    const org = await app.store.organizations.findById(ORG).lean().exec();
    expect(org).toMatchObject({ seats: SEATS, seatsFree: SEATS - COUNT - 1 });
    expect(org!.seatMoves ?? {}).toEqual({});
    // One audit entry per invitation.
    const audit = await app.store.auditEntries.find({ action: 'invitation.create' }).lean().exec();
    expect(audit).toHaveLength(COUNT);
    expect(new Set(audit.map((a) => a.targetId)).size).toBe(COUNT);
    // One invitation DM per invitee, each recorded on its invitation.
    const dms = invitationDms();
    expect(dms.size).toBe(COUNT);
    expect([...dms.values()].every((n) => n === 1)).toBe(true);
    expect(invitations.every((i) => i.slackUserId === inviteeId(Number(i.email.slice(7, 11))))).toBe(true);
    // One progress message, posted once and ending as the result with every DM counted.
    // (The admin's first contact also brought the first-run welcome, a message of its own.)
    const toAdmin = app.fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === ADMIN);
    expect(toAdmin.filter((c) => !String(c.args.text).startsWith('Welcome to ub'))).toHaveLength(1);
    const result = app.fake.messagesIn(ADMIN).at(-1)!;
    expect(result.text).toBe('Invitations: 1000 done, 0 skipped, 0 failed');
    expect(JSON.stringify(result.blocks)).toContain('Invitation DMs: 1,000 sent.');
    const [run] = await runs();
    expect(run).toMatchObject({
      counts: { done: COUNT, skipped: 0, failed: 0 },
      delivery: { sent: COUNT, notSent: 0 },
    });
  }, 240_000);

  it('is safe to run again: every address is reported as already invited and nothing changes', async () => {
    const slack = app.driver();
    const before = {
      org: await app.store.organizations.findById(ORG).lean().exec(),
      audit: await app.store.auditEntries.countDocuments({}),
      dms: app.fake.callsTo('chat.postMessage').filter((c) => c.ok).length,
    };
    const again = await slack.slashCommand({ userId: ADMIN, text: `invite ${emails.join(' ')}` });
    await app.fake.waitForResponsePost(again.responseUrl, () => true, 15_000);
    await until('the second run to finish', async () => (await runs())[1]?.status === 'finished');
    expect(app.fake.messagesIn(ADMIN).at(-1)!.text).toBe('Invitations: 0 done, 1000 skipped, 0 failed');
    expect(await app.store.invitations.countDocuments({})).toBe(COUNT);
    expect(await app.store.organizations.findById(ORG).lean().exec()).toMatchObject({
      seatsFree: before.org!.seatsFree,
    });
    expect(await app.store.auditEntries.countDocuments({})).toBe(before.audit);
    // The second run's own progress message is the only new post: no invitation DM went out again.
    expect(app.fake.callsTo('chat.postMessage').filter((c) => c.ok).length).toBe(before.dms + 1);
  }, 120_000);
});
