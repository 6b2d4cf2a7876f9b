import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { scheduleExport } from '../../../src/jobs/export-report.js';
import { deleteExpiredExports } from '../../../src/services/exports/delete-expired-exports.js';
import { exportLinkKey, exportLinkUrl } from '../../../src/services/exports/export-links.js';
import { requestExport } from '../../../src/services/exports/request-export.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildActor, buildContext, createGroup, createUser, ORG_ID } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { csvRecords, csvRows, downloadLink, exportDms, exportThroughSlack, onApp } from '../../support/exports.js';

let t: TestApp;
let dataEng: string;

const HOSTILE = {
  email: 'hostile@example.com',
  firstName: '=HYPERLINK("http://evil.example","click")',
  surname: '+SUM(1,2)',
  externalId: '@cmd',
  lmsUserId: '-2+3',
};

beforeAll(async () => {
  t = await startTestApp();
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_GA', 'ga@example.com'],
    ['U_GA_VIEW', 'gaview@example.com'],
    ['U_PLAIN', 'plain@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  dataEng = (await createGroup(t.store, { name: 'Data Eng' }))._id;
  const sales = (await createGroup(t.store, { name: 'Sales' }))._id;
  const evil = (await createGroup(t.store, { name: '=EVIL()' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA',
    managedGroups: [{ groupId: dataEng, permissions: ['invite_deactivate'] }],
  });
  await createUser(t.store, {
    email: 'gaview@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA_VIEW',
    managedGroups: [{ groupId: dataEng, permissions: [] }],
  });
  await createUser(t.store, { email: 'plain@example.com', slackUserId: 'U_PLAIN' });
  await createUser(t.store, {
    email: 'ann@example.com',
    firstName: 'Ann',
    surname: 'Ärnström',
    groupIds: [dataEng, sales],
    licenseType: 'pro',
    externalId: 'E-1',
  });
  await createUser(t.store, { email: 'bob@example.com', firstName: 'Bob', groupIds: [sales] });
  await createUser(t.store, {
    email: 'cy@example.com',
    firstName: 'Cy',
    groupIds: [dataEng],
    status: 'deactivated',
    deactivatedAt: new Date('2026-10-01T08:30:00Z'),
  });
  await createUser(t.store, { ...HOSTILE, groupIds: [evil, dataEng] });
  for (const [email, groupIds] of [
    ['new-data@example.com', [dataEng]],
    ['new-sales@example.com', [sales]],
  ] as const) {
    await t.store.invitations.create({
      _id: `${ORG_ID}:${email}`,
      orgId: ORG_ID,
      email,
      status: 'pending',
      groupIds: [...groupIds],
      invitedBy: 'admin@example.com',
      firstSentAt: new Date('2026-11-20T09:00:00Z'),
      lastSentAt: new Date('2026-11-21T09:00:00Z'),
    });
  }
});
afterAll(async () => {
  await t.stop();
});

async function download(userId: string, text: string) {
  const { answer, dm } = await exportThroughSlack(t.slack, t.fake, userId, text);
  const response = await fetch(onApp(downloadLink(dm), t.url));
  const bytes = Buffer.from(await response.arrayBuffer());
  return { answer, dm, response, bytes };
}

const emails = (bytes: Buffer) =>
  csvRecords(bytes)
    .map((r) => r['Email address'])
    .sort();

describe('/ub export, downloaded through the DM link', () => {
  it('gives an admin all users with the report columns, a BOM, ISO dates and every group', async () => {
    const { answer, dm, response, bytes } = await download('U_ADMIN', 'users');
    expect(String(answer.text)).toContain("I'll DM you the file when it is ready");
    expect(validateBlocks(dm.args.blocks, 'message')).toEqual([]);
    expect(String(dm.args.text)).toMatch(/All users.* is ready: 8 rows · [\d.]+ (B|kB) · CSV/);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="ub-users-\d{4}-\d\d-\d\d\.csv"$/,
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvRows(bytes)[0]).toEqual([
      'Email address',
      'First name',
      'Surname',
      'Role',
      'Status',
      'Groups',
      'Group admin for',
      'License type',
      'External ID',
      'LMS user ID',
      'Invited',
      'Joined',
      'Deactivated',
      'Last activity',
    ]);
    const ann = csvRecords(bytes).find((r) => r['Email address'] === 'ann@example.com')!;
    expect(ann).toMatchObject({
      Surname: 'Ärnström',
      Groups: 'Data Eng; Sales',
      'License type': 'pro',
      'External ID': 'E-1',
      Joined: '2026-01-01T00:00:00.000Z',
      Status: 'active',
    });
    const cy = csvRecords(bytes).find((r) => r['Email address'] === 'cy@example.com')!;
    expect(cy).toMatchObject({ Status: 'deactivated', Deactivated: '2026-10-01T08:30:00.000Z' });
    const ga = csvRecords(bytes).find((r) => r['Email address'] === 'ga@example.com')!;
    expect(ga).toMatchObject({ Role: 'group admin', 'Group admin for': 'Data Eng' });
  });

  it('neutralizes cells a spreadsheet would run as formulas, group names included', async () => {
    const { bytes } = await download('U_ADMIN', 'licensed');
    const row = csvRecords(bytes).find((r) => r['Email address'] === HOSTILE.email)!;
    expect(row).toMatchObject({
      'First name': `'${HOSTILE.firstName}`,
      Surname: `'${HOSTILE.surname}`,
      'External ID': `'${HOSTILE.externalId}`,
      'LMS user ID': `'${HOSTILE.lmsUserId}`,
      Groups: "'=EVIL(); Data Eng",
    });
    for (const record of csvRecords(bytes))
      for (const cell of Object.values(record)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('gives an admin each report with its own people', async () => {
    expect(emails((await download('U_ADMIN', 'licensed')).bytes)).not.toContain('cy@example.com');
    expect(emails((await download('U_ADMIN', 'deactivated')).bytes)).toEqual(['cy@example.com']);
    const pending = await download('U_ADMIN', 'pending');
    expect(csvRows(pending.bytes)[0]).toEqual([
      'Email address',
      'Role',
      'Groups',
      'License type',
      'Language',
      'Invited by',
      'Invited',
      'Last sent',
      'Times sent',
    ]);
    expect(csvRecords(pending.bytes)).toEqual([
      expect.objectContaining({
        'Email address': 'new-data@example.com',
        Groups: 'Data Eng',
        Invited: '2026-11-20T09:00:00.000Z',
      }),
      expect.objectContaining({ 'Email address': 'new-sales@example.com', Groups: 'Sales', Language: 'English' }),
    ]);
    expect(emails((await download('U_ADMIN', 'users --group Sales')).bytes)).toEqual([
      'ann@example.com',
      'bob@example.com',
    ]);
    expect(emails((await download('U_ADMIN', 'users --status deactivated')).bytes)).toEqual(['cy@example.com']);
    expect(emails((await download('U_ADMIN', 'deactivated --since 2026-10-02')).bytes)).toEqual([]);
  });

  it('gives a group admin only the people of their groups, and only their groups’ names', async () => {
    const users = await download('U_GA', 'users');
    expect(emails(users.bytes)).toEqual(['cy@example.com', 'ann@example.com', HOSTILE.email].sort());
    const records = csvRecords(users.bytes);
    expect(records.find((r) => r['Email address'] === 'ann@example.com')?.Groups).toBe('Data Eng');
    expect(records.find((r) => r['Email address'] === HOSTILE.email)?.Groups).toBe('Data Eng');
    expect(JSON.stringify(records)).not.toMatch(/Sales|EVIL|bob@/);
    expect(emails((await download('U_GA', 'pending')).bytes)).toEqual(['new-data@example.com']);
    expect(emails((await download('U_GA', 'deactivated')).bytes)).toEqual(['cy@example.com']);
  });

  it('keeps deactivated and pending people from a group admin without the invite/deactivate permission', async () => {
    expect(emails((await download('U_GA_VIEW', 'users')).bytes)).not.toContain('cy@example.com');
    for (const report of ['pending', 'deactivated']) {
      const answer = await t.slack.answer('U_GA_VIEW', `export ${report}`);
      expect(String(answer.text)).toContain('needs the invite/deactivate permission');
    }
    const other = await t.slack.answer('U_GA', 'export users --group Sales');
    expect(String(other.text)).toContain('You do not manage the group “Sales”');
  });

  it('refuses a user, and asks for a real day in --since', async () => {
    const before = t.fake.callsTo('chat.postMessage').length;
    expect(String((await t.slack.answer('U_PLAIN', 'export users')).text)).toContain(
      'Only admins and group admins can export reports',
    );
    expect(String((await t.slack.answer('U_ADMIN', 'export users --since 2026-02-30')).text)).toContain(
      'must be a day written YYYY-MM-DD',
    );
    expect(t.fake.callsTo('chat.postMessage').length).toBe(before);
  });

  it('audits the export and each download', async () => {
    const { dm } = await download('U_ADMIN', 'deactivated');
    const link = onApp(downloadLink(dm), t.url);
    const id = new URL(link).pathname.split('/').pop()!;
    await fetch(link);
    const entries = await t.store.auditEntries.find({ targetId: id }).lean().exec();
    expect(entries.map((e) => e.action).sort()).toEqual(['export.downloaded', 'export.downloaded', 'export.requested']);
    expect(entries.find((e) => e.action === 'export.downloaded')).toMatchObject({
      source: 'link',
      actor: { slackUserId: 'U_ADMIN', email: 'admin@example.com' },
    });
  });
});

describe('download links', () => {
  let link: string;
  beforeAll(async () => {
    link = onApp(downloadLink((await exportThroughSlack(t.slack, t.fake, 'U_GA', 'users')).dm), t.url);
  });

  const refused = async (url: string) => {
    const response = await fetch(url);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    return response.text();
  };

  it('refuse a changed signature, expiry or id, and a link signed for someone else', async () => {
    const url = new URL(link);
    const sig = url.searchParams.get('sig')!;
    const flipped = new URL(link);
    flipped.searchParams.set('sig', `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}`);
    expect(await refused(flipped.toString())).toContain('not valid');
    const later = new URL(link);
    later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
    expect(await refused(later.toString())).toContain('not valid');
    const otherId = link.replace(/\/exports\/[0-9a-f]{24}/, '/exports/0123456789abcdef01234567');
    expect(await refused(otherId)).toContain('not valid');
    const id = url.pathname.split('/').pop()!;
    const forAdmin = exportLinkUrl(t.url, exportLinkKey(SIGNING_SECRET), {
      exportId: id,
      requester: 'U_ADMIN',
      expires: Number(url.searchParams.get('expires')),
    });
    expect(await refused(forAdmin)).toContain('not valid');
    expect(await refused(link.replace(/&sig=.*/, ''))).toContain('not valid');
  });

  it('refuse an expired link, then a deleted file', async () => {
    const id = new URL(link).pathname.split('/').pop()!;
    const expired = exportLinkUrl(t.url, exportLinkKey(SIGNING_SECRET), {
      exportId: id,
      requester: 'U_GA',
      expires: Math.floor(Date.now() / 1000) - 1,
    });
    expect(await refused(expired)).toContain('expired');
    expect((await fetch(link)).status).toBe(200);
    expect(await deleteExpiredExports(t.store, new Date(Date.now() + 25 * 60 * 60 * 1000))).toBeGreaterThan(0);
    expect(await refused(link)).toContain('deleted');
    const db = t.store.connection.db!;
    expect(await db.collection('export_files.files').countDocuments({})).toBe(0);
    expect(await db.collection('export_files.chunks').countDocuments({})).toBe(0);
  });
});

describe('the export job', () => {
  it('tells the requester when an export fails, and keeps no file', async () => {
    const doomed = await createGroup(t.store, { name: 'Doomed' });
    const ctx = buildContext(t.store, { actor: buildActor({ slackUserId: 'U_ADMIN', email: 'admin@example.com' }) });
    const record = await requestExport(ctx, {
      report: 'users',
      groupName: 'Doomed',
      requester: 'U_ADMIN',
      requestKey: 'failing-export',
    });
    await t.store.groups.deleteOne({ _id: doomed._id });
    const before = exportDms(t.fake, 'U_ADMIN').length;
    await scheduleExport(t.app.deps.jobs, record._id);
    await t.fake.waitForCall('chat.postMessage', () => exportDms(t.fake, 'U_ADMIN').length > before, 10_000);
    const dm = exportDms(t.fake, 'U_ADMIN')[before]!;
    expect(String(dm.args.text)).toBe('Your export of *All users* of *Doomed* failed: The group no longer exists.');
    expect(await t.store.exports.findById(record._id).lean()).toMatchObject({ status: 'failed' });
    const files = t.store.connection.db!.collection('export_files.files');
    expect(await files.countDocuments({})).toBe(0);
  });

  it('after a crash mid-file writes it again whole and sends one DM; after a crash past the DM sends none', async () => {
    const ctx = buildContext(t.store, { actor: buildActor({ slackUserId: 'U_ADMIN', email: 'admin@example.com' }) });
    const record = await requestExport(ctx, { report: 'licensed', requester: 'U_ADMIN', requestKey: 'crashed-export' });
    // What a runner killed midway leaves: the export marked writing, and chunks of a file never finished.
    await t.store.exports.updateOne({ _id: record._id }, { $set: { status: 'writing', attempts: 1 } });
    const { ObjectId } = await import('mongodb');
    await t.store.connection.db!.collection('export_files.chunks').insertOne({
      files_id: new ObjectId(record._id),
      n: 0,
      data: Buffer.from('half a file'),
    });
    const before = exportDms(t.fake, 'U_ADMIN').length;
    await scheduleExport(t.app.deps.jobs, record._id);
    await t.fake.waitForCall('chat.postMessage', () => exportDms(t.fake, 'U_ADMIN').length > before, 10_000);
    const response = await fetch(onApp(downloadLink(exportDms(t.fake, 'U_ADMIN')[before]!), t.url));
    const text = await response.text();
    expect(text).not.toContain('half a file');
    expect(csvRecords(Buffer.from(text)).length).toBe(7);
    await waitFor(async () => (await t.store.exports.findById(record._id).lean())?.status === 'delivered');
    // A runner that died after the DM, before its record said so: the job runs again and posts nothing.
    await t.store.exports.updateOne({ _id: record._id }, { $set: { status: 'ready' } });
    await t.app.deps.jobs.cancel({ name: 'export-report', data: { exportId: record._id } });
    await scheduleExport(t.app.deps.jobs, record._id);
    await waitFor(async () => (await t.store.exports.findById(record._id).lean())?.status === 'delivered');
    expect(exportDms(t.fake, 'U_ADMIN').length).toBe(before + 1);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
