import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personKey } from '../../../src/services/domain.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';
import { createGroup, createUser, ORG_ID } from '../../support/factories.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';
import { csvRecords, downloadLink, exportDms, onApp } from '../../support/exports.js';
import { asText } from '../../support/posted-blocks.js';

let t: TestApp;
let dataEng: string;
let sales: string;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  // new1 is in the workspace (gets the invitation DM); new2 is not.
  t.fake.addUser({ id: 'U_NEW1', email: 'new1@example.com' });
  dataEng = (await createGroup(t.store, { name: 'Data Eng' }))._id;
  sales = (await createGroup(t.store, { name: 'Sales' }))._id;
  await t.store.organizations.updateOne(
    { _id: ORG_ID },
    { $set: { seats: 50, seatsFree: 40, proSeats: 5, proSeatsFree: 5, seatsSetAt: new Date() } },
  );
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA',
    managedGroups: [{ groupId: dataEng, permissions: ['invite_deactivate'] }],
  });
  await createUser(t.store, { email: 'plain@example.com', slackUserId: 'U_PLAIN' });
  await createUser(t.store, { email: 'bob@example.com', groupIds: [sales] });
  await createUser(t.store, {
    email: 'cy@example.com',
    groupIds: [dataEng],
    status: 'deactivated',
    deactivatedAt: new Date('2026-10-01T00:00:00Z'),
  });
  await t.store.invitations.create({
    _id: personKey(ORG_ID, 'pen@example.com'),
    orgId: ORG_ID,
    email: 'pen@example.com',
    status: 'pending',
    firstSentAt: new Date(),
    lastSentAt: new Date(),
  });
});
afterAll(async () => {
  await t.stop();
});

/** Semicolon-separated, with a BOM, quotes around a cell holding the separator, and good and bad rows. */
const CSV = [
  '\uFEFFemail;role;groups;group admin for;license',
  'new1@example.com;;Data Eng;;',
  'new2@example.com;admin;"Data Eng;Sales";;pro',
  'bob@example.com;group admin;Data Eng;Sales;pro',
  'cy@example.com;;;;',
  'not-an-email;;;;',
  'ghost@example.com;;Nowhere;;',
  'pen@example.com;;;;',
  'bob@example.com;;;;',
  'dee@example.com;boss;;;',
].join('\r\n');

async function submitImport(
  userId: string,
  csv: string | Buffer,
  name = 'people.csv',
  authoritative = false,
  message?: string,
) {
  const fileId = t.fake.shareFile({ name, bytes: csv, user: userId });
  const { ack } = await t.slack.viewSubmission({
    userId,
    callbackId: 'import.submit',
    privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
    values: {
      file: { file: { type: 'file_input', files: [{ id: fileId, name }] } },
      authoritative: {
        authoritative: {
          type: 'checkboxes',
          selected_options: authoritative ? [{ value: 'yes', text: { type: 'plain_text', text: 'x' } }] : [],
        },
      },
      message: { message: { type: 'plain_text_input', value: message ?? null } },
    },
  });
  return ack;
}

describe('/ub import users', () => {
  it('opens the form with a CSV file input for an admin, and refuses a user', async () => {
    const { ack } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'import users' });
    expect(ack.status).toBe(200);
    const opened = await t.fake.waitForCall('views.open', (c) => c.ok);
    const view = opened.args.view as { blocks: Array<{ element?: { type: string } }> };
    expect(validateView(view)).toEqual([]);
    expect(view.blocks[0]?.element?.type).toBe('file_input');
    expect(String((await t.slack.answer('U_PLAIN', 'import users')).text)).toContain(
      'Only admins, and group admins with the invite/deactivate permission, can import people',
    );
  });

  it('refuses a wrong header naming the expected columns, and a file that is not UTF-8, changing nothing', async () => {
    const header = await submitImport('U_ADMIN', 'mail,groups\nx@example.com,Sales\n');
    expect(header.body).toMatchObject({
      response_action: 'errors',
      errors: { file: expect.stringContaining('email') },
    });
    const latin1 = await submitImport('U_ADMIN', Buffer.from('email,groups\nrené@example.com,Sales\n', 'latin1'));
    expect(JSON.stringify(latin1.body)).toContain('not UTF-8');
    expect(await t.store.invitations.countDocuments({ email: 'x@example.com' })).toBe(0);
  });

  it('previews good and bad rows, applies them once on Confirm, and DMs the per-row result file', async () => {
    // Changes only: downloading a file is audited too.
    const changes = () => t.store.auditEntries.countDocuments({ action: { $not: /^export\./ } });
    const before = await changes();
    expect(
      (await submitImport('U_ADMIN', CSV, 'people.csv', false, 'Welcome to *Acme* learning')).body,
    ).toBeUndefined();
    const preview = await t.fake.waitForCall('chat.postEphemeral', (c) =>
      String(c.args.text).startsWith('Import 9 rows'),
    );
    expect(validateBlocks(preview.args.blocks, 'message')).toEqual([]);
    const text = asText(preview.args.blocks);
    expect(text).toContain('2 new people invited');
    expect(text).toContain('1 person reactivated');
    expect(text).toContain('Licenses: 3 needed, 40 free');
    expect(text).toContain('Row 6 (not-an-email): the email is not a valid email address');
    expect(text).toContain('Row 7 (ghost@example.com): there is no group named “Nowhere”');
    expect(text).toContain('Row 9 (bob@example.com): listed twice (also row 4)');
    expect(text).toContain('Row 10 (dee@example.com): role “boss” is not user, admin or group admin');
    // The per-row preview comes by DM like a report: what each row would do, or its problem.
    const previewDm = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.ok && c.args.channel === 'U_ADMIN' && /Import preview.* is ready: 9 rows/.test(String(c.args.text)),
      15_000,
    );
    const previewRows = csvRecords(
      Buffer.from(await (await fetch(onApp(downloadLink(previewDm), t.url))).arrayBuffer()),
    );
    expect(previewRows.map((r) => [r.Row, r['Email address'], r.Change, r.Details])).toEqual([
      ['2', 'new1@example.com', 'invite', 'groups Data Eng'],
      ['3', 'new2@example.com', 'invite', 'groups Data Eng; Sales, role admin, Pro license'],
      ['4', 'bob@example.com', 'update', 'add to Data Eng, Pro license, group admin of Sales'],
      ['5', 'cy@example.com', 'reactivate', ''],
      ['6', 'not-an-email', 'problem', 'the email is not a valid email address'],
      ['7', 'ghost@example.com', 'problem', 'there is no group named “Nowhere”'],
      ['8', 'pen@example.com', 'no change', expect.stringContaining('pending invitation')],
      ['9', 'bob@example.com', 'problem', 'listed twice (also row 4)'],
      ['10', 'dee@example.com', 'problem', 'role “boss” is not user, admin or group admin'],
    ]);
    // Nothing is applied before the Confirm.
    expect(await changes()).toBe(before);
    expect(await t.store.invitations.countDocuments({ email: 'new1@example.com' })).toBe(0);

    const confirm = (preview.args.blocks as Array<{ elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'import.confirm')!;
    const results = () => exportDms(t.fake, 'U_ADMIN').filter((c) => /Import result/.test(String(c.args.text)));
    await t.slack.blockAction({
      userId: 'U_ADMIN',
      actionId: confirm.action_id,
      value: confirm.value,
      channelId: 'C_GENERAL',
    });
    await waitForBulkRuns(t.store);
    await t.fake.waitForCall('chat.postMessage', () => results().length > 0, 15_000);

    expect(await t.store.invitations.findById(personKey(ORG_ID, 'new1@example.com')).lean()).toMatchObject({
      status: 'pending',
      groupIds: [dataEng],
      role: 'user',
    });
    expect(await t.store.invitations.findById(personKey(ORG_ID, 'new2@example.com')).lean()).toMatchObject({
      role: 'admin',
      licenseType: 'pro',
      groupIds: [dataEng, sales].sort(),
    });
    const bob = await t.store.users.findById(personKey(ORG_ID, 'bob@example.com')).lean();
    expect(bob).toMatchObject({ role: 'group_admin', licenseType: 'pro' });
    expect([...bob!.groupIds].sort()).toEqual([dataEng, sales].sort());
    expect(bob!.managedGroups.map((g) => g.groupId)).toEqual([sales]);
    expect(await t.store.users.findById(personKey(ORG_ID, 'cy@example.com')).lean()).toMatchObject({
      status: 'active',
    });
    const imported = await t.store.auditEntries.find({ source: 'import' }).lean();
    expect(imported.map((e) => e.action).sort()).toEqual(
      expect.arrayContaining([
        'invitation.create',
        'invitation.create',
        'user.reactivate',
        'group.member_added',
        'user.set_license',
      ]),
    );

    const dm = results()[0]!;
    expect(String(dm.args.text)).toMatch(/Import result.* is ready: 9 rows/);
    const result = await fetch(onApp(downloadLink(dm), t.url));
    const rows = csvRecords(Buffer.from(await result.arrayBuffer()));
    expect(rows.map((r) => [r.Row, r['Email address'], r.Result])).toEqual([
      ['2', 'new1@example.com', 'applied'],
      ['3', 'new2@example.com', 'applied'],
      ['4', 'bob@example.com', 'applied'],
      ['5', 'cy@example.com', 'applied'],
      ['6', 'not-an-email', 'failed'],
      ['7', 'ghost@example.com', 'failed'],
      ['8', 'pen@example.com', 'skipped'],
      ['9', 'bob@example.com', 'failed'],
      ['10', 'dee@example.com', 'failed'],
    ]);
    expect(rows[6]!.Details).toContain('pending invitation');

    // The invitee in Slack gets the invitation DM `/ub invite` sends, with the import's message, once.
    await waitForBulkRuns(t.store);
    const invitationDms = t.fake.callsTo('chat.postMessage').filter((c) => c.ok && c.args.channel === 'U_NEW1');
    expect(invitationDms).toHaveLength(1);
    expect(validateBlocks(invitationDms[0]!.args.blocks, 'message')).toEqual([]);
    const dmText = asText(invitationDms[0]!.args.blocks);
    expect(dmText).toContain('<@U_ADMIN>');
    expect(dmText).toContain('Data Eng');
    expect(dmText).toContain('Welcome to');
    expect(await t.store.invitations.findById(personKey(ORG_ID, 'new1@example.com')).lean()).toMatchObject({
      slackUserId: 'U_NEW1',
      message: 'Welcome to *Acme* learning',
    });
    const progress = t.fake
      .callsTo('chat.postMessage')
      .concat(t.fake.callsTo('chat.update'))
      .filter((c) => c.ok && String(c.args.text).includes('Imported people.csv'));
    expect(asText(progress.at(-1)!.args.blocks)).toContain('Invitation DMs: 1 sent; 1 not sent');
  });

  it('lets a group admin import into their groups only', async () => {
    expect(
      (await submitImport('U_GA', 'email,groups\nga-new@example.com,Data Eng\nga-sales@example.com,Sales\n')).body,
    ).toBeUndefined();
    const preview = await t.fake.waitForCall('chat.postEphemeral', (c) =>
      String(c.args.text).startsWith('Import 2 rows'),
    );
    const text = asText(preview.args.blocks);
    expect(text).toContain('1 new person invited');
    expect(text).toMatch(/Row 3 \(ga-sales@example.com\): .*Sales/);
  });

  it("previews the CSV shared just before in the app's DM when /ub import users is typed there", async () => {
    const dm = 'DU_ADMIN';
    t.fake.shareFileInDm({ name: 'notes.pdf', bytes: '%PDF-1.4', user: 'U_ADMIN' });
    t.fake.shareFileInDm({ name: 'dm-people.csv', bytes: 'email,groups\ndm-new@example.com,Sales\n', user: 'U_ADMIN' });
    const opened = t.fake.callsTo('views.open').length;
    const { ack, responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'import users', channelId: dm });
    expect(ack.status).toBe(200);
    const preview = await t.fake.waitForResponsePost(responseUrl, () => true, 15_000);
    expect(String(preview.text)).toMatch(/^Import 1 row from \*dm-people\.csv\*/);
    expect(asText(preview.blocks as unknown[])).toContain('1 new person invited');
    expect(t.fake.callsTo('views.open')).toHaveLength(opened);
    expect(t.fake.callsTo('conversations.history').at(-1)!.args.channel).toBe(dm);
  });

  it('opens the form in a DM where nobody shared a CSV', async () => {
    const opened = t.fake.callsTo('views.open').length;
    await t.slack.slashCommand({ userId: 'U_GA', text: 'import users', channelId: 'DU_GA' });
    await t.fake.waitForCall('views.open', () => t.fake.callsTo('views.open').length > opened);
  });
});
