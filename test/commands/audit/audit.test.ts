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
  it('shows what an admin just did, for that person, as a sentence', async () => {
    const role = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob@example.com group_admin' });
    await t.fake.waitForResponsePost(role.responseUrl);
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit <@U_BOB|bob>' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(post.text).toBe('Audit log for bob@example.com, newest first');
    const all = asText(post.blocks);
    expect(all).toContain('<@U_ADMIN> changed the role of bob@example.com from user to group admin.');
    expect(all).toContain('via a command');
    expect(all).not.toContain('user.change_role');
  });

  it('reads as sentences with group names, words and dates in the reader’s time zone (no ids, JSON or ISO times)', async () => {
    await createUser(t.store, { email: 'ann@example.com' });
    await createUser(t.store, { email: 'cy@example.com' });
    await createUser(t.store, { email: 'dee@example.com' });
    await t.store.organizations.updateOne(
      { _id: 'T_TEST' },
      { $set: { seats: 50, seatsFree: 40, proSeats: 5, proSeatsFree: 5, seatsSetAt: new Date() } },
    );
    for (const command of [
      'license pro ann@example.com',
      'group create Engineering',
      'group add Engineering ann@example.com cy@example.com dee@example.com',
      'invite new@example.com --group Engineering --pro',
    ]) {
      const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: command });
      await t.fake.waitForResponsePost(responseUrl);
    }
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(post.text).toBe('Audit log, newest first');
    const all = asText(post.blocks);
    expect(all).toContain('<@U_ADMIN> invited new@example.com as a user with a Pro license into *Engineering*.');
    expect(all).toContain(
      '<@U_ADMIN> added 3 people (ann@example.com, cy@example.com, dee@example.com) to *Engineering*.',
    );
    expect(all).toContain('<@U_ADMIN> created the group *Engineering*.');
    expect(all).toContain('<@U_ADMIN> gave ann@example.com a Pro license.');
    expect(all).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/);
    expect(all).not.toMatch(/T_TEST:|groupIds|managedGroups|userId|\d{4}-\d\d-\d\dT/);
    expect(all).not.toMatch(/\b\d+ entr(y|ies)\b/);
  });

  it('pages through a group’s history with Older and Newer, in place', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'audit data eng' });
    const first = await t.fake.waitForResponsePost(responseUrl);
    expect(first.text).toBe('Audit log for Data Eng, newest first');
    expect(asText(first.blocks)).toContain('old13@example.com');
    const older = findButton(first.blocks, 'audit.page:older')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: older.action_id, value: older.value });
    const second = await t.fake.waitForResponsePost(click.responseUrl);
    expect(second.replace_original).toBe(true);
    expect(second.text).toBe('Audit log for Data Eng, newest first (page 2)');
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
