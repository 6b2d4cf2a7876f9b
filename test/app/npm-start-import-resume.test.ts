import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csvRecords, downloadLink, exportDms } from '../support/exports.js';
import { submitAndConfirmImport } from '../support/confirm-import.js';
import { createGroup, createUser } from '../support/factories.js';
import { killableApp, KILLABLE_ORG as ORG, type KillableApp } from '../support/killable-app.js';

/**
 * A CSV import as production runs it: `npm start` in a child process, the file previewed and
 * confirmed, the process killed with SIGKILL while rows are being applied, started again, killed
 * again while the invitation DMs go out, and started a third time. Every row must be applied
 * exactly once: one membership, one invitation, one audit entry and one invitation DM each, one
 * result file.
 */
const ADMIN = 'UADMIN01';
const MEMBERS = 300;
const NEWCOMERS = 300;
const member = (i: number) => `member${String(i).padStart(4, '0')}@example.com`;
const newcomer = (i: number) => `new${String(i).padStart(4, '0')}@example.com`;
const newcomerId = (i: number) => `UNEW${String(i).padStart(5, '0')}`;
const newcomerIds = new Set(Array.from({ length: NEWCOMERS }, (_, i) => newcomerId(i)));

let app: KillableApp;
let teamId: string;
const start = () => app.start();
const until = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  app.until(what, condition, timeoutMs);

const importRun = () => app.store.bulkRuns.findOne({ kind: 'import-users' }).lean().exec();
const inTeam = () => app.store.users.countDocuments({ groupIds: teamId });

/** Invitation DMs sent, by newcomer. */
function invitationDms(): Map<string, number> {
  const sent = new Map<string, number>();
  for (const call of app.fake.callsTo('chat.postMessage')) {
    const channel = String(call.args.channel);
    if (call.ok && newcomerIds.has(channel)) sent.set(channel, (sent.get(channel) ?? 0) + 1);
  }
  return sent;
}
const fileDms = (name: string) => exportDms(app.fake, ADMIN).filter((c) => String(c.args.text).includes(`*${name}*`));

beforeAll(async () => {
  app = await killableApp({ env: { UB_BOOTSTRAP_ADMINS: ADMIN }, state: importRun });
  app.fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
  for (let i = 0; i < NEWCOMERS; i += 1) app.fake.addUser({ id: newcomerId(i), email: newcomer(i) });
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('a CSV import killed with SIGKILL while it is applied, and started again', () => {
  it('applies every row exactly once, sends each invitee one invitation DM and DMs one result file', async () => {
    const first = await start();
    const seats = await first.slack.slashCommand({ userId: ADMIN, text: `license seats 2000` });
    await app.fake.waitForResponsePost(seats.responseUrl, () => true, 15_000);
    teamId = (await createGroup(app.store, { orgId: ORG, name: 'Team' }))._id;
    for (let i = 0; i < MEMBERS; i += 1) await createUser(app.store, { orgId: ORG, email: member(i) });
    const csv = [
      'email,groups',
      ...Array.from({ length: MEMBERS }, (_, i) => `${member(i)},Team`),
      ...Array.from({ length: NEWCOMERS }, (_, i) => `${newcomer(i)},Team`),
      'broken,Team',
    ].join('\n');
    await submitAndConfirmImport(app.fake, first.slack, {
      userId: ADMIN,
      kind: 'import',
      fileName: 'team.csv',
      csv,
      previewText: 'Import',
    });

    await until('some rows applied', async () => (await inTeam()) >= 100);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(await inTeam()).toBeLessThan(MEMBERS);

    const second = await start();
    await until('some invitation DMs', () => invitationDms().size >= 60, 120_000);
    expect(await second.ub.ub.stop('SIGKILL')).toBeNull();
    expect(invitationDms().size).toBeLessThan(NEWCOMERS);

    const third = await start();
    await until('the import to finish', async () => (await importRun())?.status === 'finished', 120_000);
    await until('the result file DM', () => fileDms('Import result').length > 0, 30_000);

    expect(await inTeam()).toBe(MEMBERS);
    const team = await app.store.groups.findById(teamId).lean().exec();
    expect(team).toMatchObject({ memberCount: MEMBERS });
    expect(await app.store.invitations.countDocuments({ status: 'pending', groupIds: teamId })).toBe(NEWCOMERS);
    const added = await app.store.auditEntries.find({ action: 'group.member_added', source: 'import' }).lean().exec();
    expect(added).toHaveLength(MEMBERS);
    expect(new Set(added.map((a) => a.targetId)).size).toBe(MEMBERS);
    expect(await app.store.auditEntries.countDocuments({ action: 'invitation.create', source: 'import' })).toBe(
      NEWCOMERS,
    );
    const org = await app.store.organizations.findById(ORG).lean().exec();
    expect(org!.seatMoves ?? {}).toEqual({});
    expect(await importRun()).toMatchObject({
      counts: { done: MEMBERS + NEWCOMERS, skipped: 0, failed: 1 },
      delivery: { sent: NEWCOMERS, notSent: 0 },
    });
    const dms = invitationDms();
    expect(dms.size).toBe(NEWCOMERS);
    expect([...dms.values()].every((n) => n === 1)).toBe(true);
    const invitees = await app.store.invitations.find({ groupIds: teamId }).lean().exec();
    expect(invitees.every((i) => i.slackUserId === newcomerId(Number(i.email.slice(3, 7))))).toBe(true);
    const result = app.fake.messagesIn(ADMIN).find((m) => String(m.text).startsWith('Imported team.csv'));
    expect(JSON.stringify(result?.blocks)).toContain('Invitation DMs: 300 sent.');

    const results = fileDms('Import result');
    expect(results).toHaveLength(1);
    expect(fileDms('Import preview')).toHaveLength(1);
    // PUBLIC_URL is unset: links name localhost and the port of the process that made them, which may
    // have been killed since; the running one serves the same link.
    const link = downloadLink(results[0]!).replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${third.ub.port}`);
    const rows = csvRecords(Buffer.from(await (await fetch(link)).arrayBuffer()));
    expect(rows).toHaveLength(MEMBERS + NEWCOMERS + 1);
    expect(rows.filter((r) => r.Result === 'applied')).toHaveLength(MEMBERS + NEWCOMERS);
    expect(rows.at(-1)).toMatchObject({ Row: String(MEMBERS + NEWCOMERS + 2), Result: 'failed' });
  }, 300_000);
});
