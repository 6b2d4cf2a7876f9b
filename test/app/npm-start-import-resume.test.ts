import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { csvRecords, downloadLink, exportDms } from '../support/exports.js';
import { createGroup, createUser } from '../support/factories.js';
import { killableApp, KILLABLE_ORG as ORG, type KillableApp } from '../support/killable-app.js';

/**
 * A CSV import as production runs it: `npm start` in a child process, the file previewed and
 * confirmed, the process killed with SIGKILL while rows are being applied, then started again. Every
 * row must be applied exactly once: one membership, one invitation, one audit entry each, one
 * result file.
 */
const ADMIN = 'UADMIN01';
const MEMBERS = 300;
const NEWCOMERS = 300;
const member = (i: number) => `member${String(i).padStart(4, '0')}@example.com`;
const newcomer = (i: number) => `new${String(i).padStart(4, '0')}@example.com`;

let app: KillableApp;
let teamId: string;
const start = () => app.start();
const until = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  app.until(what, condition, timeoutMs);

const importRun = () => app.store.bulkRuns.findOne({ kind: 'import-users' }).lean().exec();
const inTeam = () => app.store.users.countDocuments({ groupIds: teamId });

beforeAll(async () => {
  app = await killableApp({ env: { UB_BOOTSTRAP_ADMINS: ADMIN }, state: importRun });
  app.fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('a CSV import killed with SIGKILL while it is applied, and started again', () => {
  it('applies every row exactly once and DMs one result file', async () => {
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
    const fileId = app.fake.shareFile({ name: 'team.csv', bytes: csv, user: ADMIN });
    const submitted = await first.slack.viewSubmission({
      userId: ADMIN,
      callbackId: 'import.submit',
      privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
      values: { file: { file: { type: 'file_input', files: [{ id: fileId, name: 'team.csv' }] } } },
    });
    expect(submitted.ack.status).toBe(200);
    const preview = await app.fake.waitForCall(
      'chat.postEphemeral',
      (c) => String(c.args.text).startsWith('Import'),
      60_000,
    );
    const confirm = (preview.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'import.confirm')!;
    await first.slack.blockAction({
      userId: ADMIN,
      actionId: confirm.action_id,
      value: confirm.value,
      channelId: 'C_GENERAL',
    });

    await until('some rows applied', async () => (await inTeam()) >= 100);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(await inTeam()).toBeLessThan(MEMBERS);

    await start();
    await until('the import to finish', async () => (await importRun())?.status === 'finished', 120_000);
    await until('the result file DM', () => exportDms(app.fake, ADMIN).length > 0, 30_000);

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
    expect(await importRun()).toMatchObject({ counts: { done: MEMBERS + NEWCOMERS, skipped: 0, failed: 1 } });

    const results = exportDms(app.fake, ADMIN);
    expect(results).toHaveLength(1);
    // PUBLIC_URL is unset: links name localhost and the port of the process that made them.
    const link = downloadLink(results[0]!).replace(/^http:\/\/localhost:/, 'http://127.0.0.1:');
    const rows = csvRecords(Buffer.from(await (await fetch(link)).arrayBuffer()));
    expect(rows).toHaveLength(MEMBERS + NEWCOMERS + 1);
    expect(rows.filter((r) => r.Result === 'applied')).toHaveLength(MEMBERS + NEWCOMERS);
    expect(rows.at(-1)).toMatchObject({ Row: String(MEMBERS + NEWCOMERS + 2), Result: 'failed' });
  }, 300_000);
});
