import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createUser } from '../../support/factories.js';
import { csvRecords } from '../../support/exports.js';

/** Socket Mode with no PUBLIC_URL: nothing reaches ub from outside, so the file itself goes into the DM. */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ via: 'socket-mode', env: { PUBLIC_URL: '' } });
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, { email: 'ann@example.com', firstName: '@Ann' });
});
afterAll(async () => {
  await t.stop();
});

describe('/ub export in Socket Mode without PUBLIC_URL', () => {
  it('uploads the file into the DM once, with the report, rows and size, and no link', async () => {
    const answer = await t.slack.answer('U_ADMIN', 'export licensed');
    expect(String(answer.text)).toContain("I'll DM you the file when it is ready");
    await t.fake.waitForCall('files.completeUploadExternal', (c) => c.ok, 15_000);
    const [file, ...more] = t.fake.uploadedFiles();
    expect(more).toEqual([]);
    expect(file).toMatchObject({
      filename: expect.stringMatching(/^ub-licensed-\d{4}-\d\d-\d\d\.csv$/),
      channelId: 'DU_ADMIN',
      initialComment: expect.stringMatching(/Licensed users.* is ready: 2 rows · [\d.]+ (B|kB) · CSV/),
    });
    expect(file!.initialComment).not.toContain('http');
    expect(csvRecords(file!.bytes).map((r) => [r['Email address'], r['First name']])).toEqual(
      expect.arrayContaining([['ann@example.com', "'@Ann"]]),
    );
    expect(t.fake.callsTo('chat.postMessage').filter((c) => /export of/.test(String(c.args.text)))).toEqual([]);
  });
});
