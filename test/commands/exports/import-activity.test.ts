import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personKey } from '../../../src/services/domain.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';
import { createGroup, createUser, ORG_ID } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { csvRecords, downloadLink, exportDms, onApp } from '../../support/exports.js';
import { asText } from '../../support/posted-blocks.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  const team = (await createGroup(t.store, { name: 'Team' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA',
    managedGroups: [{ groupId: team, permissions: ['invite_deactivate'] }],
  });
  await createUser(t.store, { email: 'ann@example.com', groupIds: [team] });
  await createUser(t.store, { email: 'bob@example.com', groupIds: [team] });
});
afterAll(async () => {
  await t.stop();
});

/** The columns of `/ub export activity`, Groups included (read past), `;`-separated with a BOM. */
const CSV = [
  '\uFEFFEmail address;Course ID;Course title;Groups;Enrolled;Last activity;Completed;% complete',
  'ann@example.com;rust-101;Rust;Team;2026-11-02T09:00:00.000Z;2026-11-12T09:00:00.000Z;;40',
  'bob@example.com;go-1;Go;Team;2026-11-03;2026-11-05;2026-11-05;100',
  'nobody@example.com;go-1;Go;;2026-11-03;;;',
  'ann@example.com;sql-1;SQL;;yesterday;;;',
  'bob@example.com;sql-1;SQL;;2026-11-03;;;140',
].join('\r\n');

async function submit(userId: string, csv: string) {
  const fileId = t.fake.shareFile({ name: 'activity.csv', bytes: csv, user: userId });
  const { ack } = await t.slack.viewSubmission({
    userId,
    callbackId: 'import_activity.submit',
    privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
    values: { file: { file: { type: 'file_input', files: [{ id: fileId, name: 'activity.csv' }] } } },
  });
  return ack;
}

const previews = () =>
  t.fake.callsTo('chat.postEphemeral').filter((c) => String(c.args.text).startsWith('Import learning activity'));

async function confirm(preview: typeof previews extends () => Array<infer C> ? C : never) {
  const button = (preview.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'import_activity.confirm')!;
  const runId = (JSON.parse(button.value) as { r: string }).r;
  await t.slack.blockAction({
    userId: 'U_ADMIN',
    actionId: button.action_id,
    value: button.value,
    channelId: 'C_GENERAL',
  });
  // The click is acknowledged first; the run leaves its draft state just after.
  for (let i = 0; i < 500 && (await t.store.bulkRuns.findById(runId).lean())?.status === 'draft'; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  await waitForBulkRuns(t.store);
}

const filesNamed = (name: string) =>
  exportDms(t.fake, 'U_ADMIN').filter((c) => new RegExp(`${name}.* is ready`).test(String(c.args.text)));

async function downloadCsv(dm: typeof filesNamed extends (n: string) => Array<infer C> ? C : never) {
  return csvRecords(Buffer.from(await (await fetch(onApp(downloadLink(dm), t.url))).arrayBuffer()));
}

describe('/ub import activity', () => {
  it('previews each row, records the good ones once through the activity path on Confirm, and DMs both files', async () => {
    expect((await submit('U_ADMIN', CSV)).body).toBeUndefined();
    const preview = await t.fake.waitForCall('chat.postEphemeral', () => previews().length > 0);
    expect(validateBlocks(preview.args.blocks, 'message')).toEqual([]);
    const text = asText(preview.args.blocks);
    expect(text).toContain('2 rows to record (4 learning events');
    expect(text).toContain('Row 4 (nobody@example.com): names nobody in ub');
    expect(text).toContain('Row 5 (ann@example.com): enrolled “yesterday” is not a date');
    expect(text).toContain('Row 6 (bob@example.com): % complete “140” is not a number from 0 to 100');
    expect(await t.store.enrollments.countDocuments({})).toBe(0);

    await t.fake.waitForCall('chat.postMessage', () => filesNamed('Import preview').length > 0, 15_000);
    const previewRows = await downloadCsv(filesNamed('Import preview')[0]!);
    expect(previewRows.map((r) => [r.Row, r.Change])).toEqual([
      ['2', 'record'],
      ['3', 'record'],
      ['4', 'problem'],
      ['5', 'problem'],
      ['6', 'problem'],
    ]);
    expect(previewRows[0]!.Details).toBe('rust-101: enrolled, lecture progress');

    await confirm(preview);
    expect(await t.store.enrollments.findById(`${personKey(ORG_ID, 'ann@example.com')}:rust-101`).lean()).toMatchObject(
      {
        progress: 40,
        enrolledAt: new Date('2026-11-02T09:00:00Z'),
        lastActivityAt: new Date('2026-11-12T09:00:00Z'),
      },
    );
    expect(await t.store.enrollments.findById(`${personKey(ORG_ID, 'bob@example.com')}:go-1`).lean()).toMatchObject({
      progress: 100,
      completedAt: new Date('2026-11-05T00:00:00Z'),
    });
    expect(await t.store.users.findById(personKey(ORG_ID, 'ann@example.com')).lean()).toMatchObject({
      firstEnrollmentAt: new Date('2026-11-02T09:00:00Z'),
      firstLectureAt: new Date('2026-11-12T09:00:00Z'),
    });
    expect(await t.store.activityEvents.countDocuments({})).toBe(4);
    const audit = await t.store.auditEntries.find({ action: 'activity.imported' }).lean();
    expect(audit).toMatchObject([
      { source: 'import', after: { rows: 2, events: 4 }, actor: { slackUserId: 'U_ADMIN' } },
    ]);

    await t.fake.waitForCall('chat.postMessage', () => filesNamed('Import result').length > 0, 15_000);
    const result = await downloadCsv(filesNamed('Import result')[0]!);
    expect(result.map((r) => [r.Row, r.Result])).toEqual([
      ['2', 'applied'],
      ['3', 'applied'],
      ['4', 'failed'],
      ['5', 'failed'],
      ['6', 'failed'],
    ]);
  });

  it('finds the same rows already recorded when the file comes again, and records nothing twice', async () => {
    const before = previews().length;
    await submit('U_ADMIN', CSV);
    const preview = await t.fake.waitForCall('chat.postEphemeral', (c) => previews().indexOf(c) >= before);
    expect(asText(preview.args.blocks)).toContain('0 rows to record');
    expect(asText(preview.args.blocks)).toContain('2 rows already recorded');
    await confirm(preview);
    expect(await t.store.activityEvents.countDocuments({})).toBe(4);
  });

  it('refuses a wrong header naming the expected columns, and a group admin', async () => {
    const ack = await submit('U_ADMIN', 'email,course\nann@example.com,x\n');
    expect(ack.body).toMatchObject({
      response_action: 'errors',
      errors: { file: expect.stringContaining('Course ID') },
    });
    expect(String((await t.slack.answer('U_GA', 'import activity')).text)).toContain('Only ub admins');
  });
});
