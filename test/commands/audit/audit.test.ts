import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@example.com' });
  const data = await createGroup(t.store, { name: 'Data Eng' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com' });
  await createUser(t.store, { email: 'bob@example.com', groupIds: [data._id] });
  // Older history, so the log has more than one page.
  await t.store.auditEntries.insertMany(
    Array.from({ length: 14 }, (_, i) => ({
      _id: `old-${String(i).padStart(2, '0')}`,
      orgId: 'T_TEST',
      at: new Date(Date.UTC(2026, 0, 1, 0, i)),
      actor: { slackUserId: 'U_ADMIN', email: 'admin@example.com', role: 'admin' },
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: `T_TEST:old${i}@example.com`,
      subjects: [`old${i}@example.com`, data._id],
      before: null,
      after: { status: 'pending' },
      source: 'command',
    })),
  );
});
afterAll(async () => {
  await t.stop();
});

describe('/ub audit', () => {
  it('shows what an admin just did, for that person, newest first', async () => {
    const role = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob@example.com group_admin' });
    await t.fake.waitForResponsePost(role.responseUrl);
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit <@U_BOB|bob>' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(post.text).toBe('Audit log for bob@example.com: 1 entry');
    const all = asText(post.blocks);
    expect(all).toContain('*user.change_role* · bob@example.com');
    expect(all).toContain('by <@U_ADMIN> (admin)');
    expect(all).toContain('via command');
    expect(all).toContain('role: user → group_admin');
  });

  it('pages through a group’s history with Older and Newer, in place', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit data eng' });
    const first = await t.fake.waitForResponsePost(responseUrl);
    expect(first.text).toBe('Audit log for Data Eng: 10 entries');
    expect(asText(first.blocks)).toContain('old13@example.com');
    const older = findButton(first.blocks, 'audit.page:older')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: older.action_id, value: older.value });
    const second = await t.fake.waitForResponsePost(click.responseUrl);
    expect(second.replace_original).toBe(true);
    expect(second.text).toBe('Audit log for Data Eng: 4 entries');
    expect(asText(second.blocks)).toContain('old0@example.com');
    const newer = findButton(second.blocks, 'audit.page:newer')!;
    const back = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: newer.action_id, value: newer.value });
    const again = await t.fake.waitForResponsePost(back.responseUrl);
    expect(again.blocks).toEqual(first.blocks);
  });

  it('is for admins only, and says when the group is unknown', async () => {
    const plain = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'audit' });
    expect(asText(await t.fake.waitForResponsePost(plain.responseUrl))).toContain('Only ub admins can do that');
    const unknown = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit Marketing' });
    expect(asText(await t.fake.waitForResponsePost(unknown.responseUrl))).toContain('No group named “Marketing”');
    const malformed = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit bob@' });
    expect(asText(await t.fake.waitForResponsePost(malformed.responseUrl))).toContain(
      '`bob@` is not an email address.',
    );
  });
});
