import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordActivity } from '../../../src/services/insights/record-activity.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildContext, createGroup, createUser } from '../../support/factories.js';
import { csvRecords, csvRows, downloadLink, exportThroughSlack, onApp } from '../../support/exports.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_GA', 'ga@example.com'],
    ['U_PLAIN', 'plain@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  const dataEng = (await createGroup(t.store, { name: 'Data Eng' }))._id;
  const sales = (await createGroup(t.store, { name: 'Sales' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA',
    managedGroups: [{ groupId: dataEng, permissions: [] }],
  });
  await createUser(t.store, { email: 'plain@example.com', slackUserId: 'U_PLAIN' });
  await createUser(t.store, { email: 'ann@example.com', groupIds: [dataEng, sales] });
  await createUser(t.store, { email: 'bob@example.com', groupIds: [sales] });
  await createUser(t.store, { email: 'cy@example.com', groupIds: [dataEng] });
  const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T09:00:00Z`;
  const result = await recordActivity(buildContext(t.store, { source: 'activity' }), [
    { type: 'enrolled', email: 'ann@example.com', courseId: 'rust-101', courseTitle: 'Rust', at: at(2) },
    {
      type: 'lecture_progress',
      email: 'ann@example.com',
      courseId: 'rust-101',
      lectureId: 'l1',
      progress: 40,
      at: at(12),
    },
    { type: 'enrolled', email: 'ann@example.com', courseId: 'go-1', courseTitle: '@Go fast', at: at(3) },
    { type: 'course_completed', email: 'ann@example.com', courseId: 'go-1', at: at(5) },
    { type: 'enrolled', email: 'bob@example.com', courseId: 'rust-101', courseTitle: 'Rust', at: at(20) },
    { type: 'enrolled', email: 'cy@example.com', courseId: '+sum', courseTitle: '=HYPERLINK("x")', at: at(21) },
  ]);
  expect(result.rejected).toEqual([]);
});
afterAll(async () => {
  await t.stop();
});

async function download(userId: string, text: string) {
  const { answer, dm } = await exportThroughSlack(t.slack, t.fake, userId, text);
  const bytes = Buffer.from(await (await fetch(onApp(downloadLink(dm), t.url))).arrayBuffer());
  return { answer, dm, bytes };
}

const byPersonAndCourse = (bytes: Buffer) =>
  csvRecords(bytes)
    .map((r) => `${r['Email address']} ${r['Course ID']}`)
    .sort();

describe('/ub export activity', () => {
  it('gives an admin one row per person and course with the activity columns', async () => {
    const { answer, dm, bytes } = await download('U_ADMIN', 'activity');
    expect(String(answer.text)).toContain('User course activity');
    expect(String(dm.args.text)).toMatch(/User course activity.* is ready: 4 rows/);
    expect(csvRows(bytes)[0]).toEqual([
      'Email address',
      'Course ID',
      'Course title',
      'Groups',
      'Enrolled',
      'Last activity',
      'Completed',
      '% complete',
    ]);
    const records = csvRecords(bytes);
    expect(records.find((r) => r['Email address'] === 'ann@example.com' && r['Course ID'] === 'rust-101')).toEqual({
      'Email address': 'ann@example.com',
      'Course ID': 'rust-101',
      'Course title': 'Rust',
      Groups: 'Data Eng; Sales',
      Enrolled: '2026-11-02T09:00:00.000Z',
      'Last activity': '2026-11-12T09:00:00.000Z',
      Completed: '',
      '% complete': '40',
    });
    expect(records.find((r) => r['Course ID'] === 'go-1')).toMatchObject({
      Completed: '2026-11-05T09:00:00.000Z',
      '% complete': '100',
      'Course title': "'@Go fast",
    });
  });

  it('neutralizes formulas in course ids and titles', async () => {
    const { bytes } = await download('U_ADMIN', 'activity');
    expect(csvRecords(bytes).find((r) => r['Email address'] === 'cy@example.com')).toMatchObject({
      'Course ID': "'+sum",
      'Course title': '\'=HYPERLINK("x")',
    });
  });

  it('narrows by --group and --since', async () => {
    expect(byPersonAndCourse((await download('U_ADMIN', 'activity --group Sales')).bytes)).toEqual([
      'ann@example.com go-1',
      'ann@example.com rust-101',
      'bob@example.com rust-101',
    ]);
    expect(byPersonAndCourse((await download('U_ADMIN', 'activity --since 2026-11-10')).bytes)).toEqual([
      'ann@example.com rust-101',
      'bob@example.com rust-101',
      "cy@example.com '+sum",
    ]);
  });

  it('gives a group admin only the learning of their groups, naming only their groups', async () => {
    const { bytes } = await download('U_GA', 'activity');
    expect(byPersonAndCourse(bytes)).toEqual([
      'ann@example.com go-1',
      'ann@example.com rust-101',
      "cy@example.com '+sum",
    ]);
    expect(new Set(csvRecords(bytes).map((r) => r.Groups))).toEqual(new Set(['Data Eng']));
    expect(String((await t.slack.answer('U_GA', 'export activity --group Sales')).text)).toContain(
      'You do not manage the group “Sales”',
    );
  });

  it('refuses a learner', async () => {
    expect(String((await t.slack.answer('U_PLAIN', 'export activity')).text)).toContain(
      'Only admins and group admins can export reports',
    );
  });
});
