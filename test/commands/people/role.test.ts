import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';
import { pickedOption } from '../../support/payload-factories.js';

let t: TestApp;
let groupId: string;
const user = (email: string) => t.store.users.findById(`T_TEST:${email}`).lean().exec();

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@example.com' });
  groupId = (await createGroup(t.store, { name: 'Data Eng' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.users.deleteMany({ email: { $in: ['bob@example.com', 'admin2@example.com'] } });
  await t.store.invitations.deleteMany({});
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 10, seatsFree: 5, proSeats: 0, proSeatsFree: 0 } },
  );
  await createUser(t.store, {
    email: 'bob@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId, permissions: [] }],
  });
});

describe('/ub role', () => {
  it('changes a role at once when nobody loses admin, saying what ended', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role <@U_BOB|bob> user' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.text).toBe(
      ':white_check_mark: Changed the role of bob@example.com from group admin to user.\nThey no longer manage Data Eng.',
    );
    expect(await user('bob@example.com')).toMatchObject({ role: 'user', managedGroups: [] });
    const again = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob@example.com user' });
    expect((await t.fake.waitForResponsePost(again.responseUrl)).text).toBe(
      'bob@example.com is already a user; nothing changed.',
    );
  });

  it('asks before an admin is downgraded, and Confirm updates the question in place', async () => {
    await createUser(t.store, { email: 'admin2@example.com', role: 'admin' });
    const { responseUrl } = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: 'role admin2@example.com group-admin',
    });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(preview.blocks, 'message')).toEqual([]);
    expect(asText(preview.blocks)).toContain('from admin to group admin?');
    expect(asText(preview.blocks)).toContain('manage no group yet');
    expect(await user('admin2@example.com')).toMatchObject({ role: 'admin' });

    const confirm = findButton(preview.blocks, 'role.confirm')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });
    const done = await t.fake.waitForResponsePost(click.responseUrl);
    expect(done.replace_original).toBe(true);
    expect(done.text).toBe(
      ':white_check_mark: Changed the role of admin2@example.com from admin to group admin.\nThey manage no group yet: assign one with `/ub group admin`.',
    );
    expect(await user('admin2@example.com')).toMatchObject({ role: 'group_admin' });
  });

  it('asks before making someone an admin, as it does before taking it away (issue 9)', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob@example.com admin' });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    expect(preview.text).toBe('Make *bob@example.com* an admin (now group admin)?');
    expect(validateBlocks(preview.blocks, 'message')).toEqual([]);
    expect(asText(preview.blocks)).toContain('Admins manage everyone: invitations, roles, licenses (Pro too)');
    expect(await user('bob@example.com')).toMatchObject({ role: 'group_admin' });
    await t.slack.blockAction({ userId: 'U_ADMIN', actionId: 'confirmation.cancel', value: 'cancel', responseUrl });
    expect((await t.fake.waitForResponsePost(responseUrl, (p) => p.replace_original === true)).text).toBe(
      'Cancelled. Nothing was changed.',
    );
    expect(await user('bob@example.com')).toMatchObject({ role: 'group_admin' });

    const again = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob@example.com admin' });
    const confirm = findButton((await t.fake.waitForResponsePost(again.responseUrl)).blocks, 'role.confirm')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });
    expect((await t.fake.waitForResponsePost(click.responseUrl)).text).toBe(
      ':white_check_mark: Changed the role of bob@example.com from group admin to admin.',
    );
    expect(await user('bob@example.com')).toMatchObject({ role: 'admin' });
  });

  it('refuses demoting the last admin, and changes a pending invitation’s role', async () => {
    const last = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role admin@example.com user' });
    expect(asText(await t.fake.waitForResponsePost(last.responseUrl))).toContain(
      'admin@example.com is the last active admin',
    );
    expect(await user('admin@example.com')).toMatchObject({ role: 'admin' });

    const invite = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite new@example.com' });
    expect(
      (await t.fake.waitForResponsePost(invite.responseUrl, (p) => String(p.text).startsWith('Invitations:'))).text,
    ).toBe('Invitations: 1 done, 0 skipped, 0 failed');
    const pending = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role new@example.com admin' });
    const asked = await t.fake.waitForResponsePost(pending.responseUrl);
    expect(asked.text).toBe('Make *new@example.com* (invitation pending) an admin (now user)?');
    const confirm = findButton(asked.blocks, 'role.confirm')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });
    expect((await t.fake.waitForResponsePost(click.responseUrl)).text).toBe(
      ':white_check_mark: Changed the role of new@example.com (invitation pending) from user to admin.',
    );
    expect(await t.store.invitations.findById('T_TEST:new@example.com').lean()).toMatchObject({ role: 'admin' });
  });

  it('refuses a plain user, an unknown person, a bad role and a malformed email', async () => {
    const plain = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'role bob@example.com admin' });
    expect(asText(await t.fake.waitForResponsePost(plain.responseUrl))).toContain('Only ub admins can do that');
    const unknown = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role nobody@example.com admin' });
    expect(asText(await t.fake.waitForResponsePost(unknown.responseUrl))).toContain(
      'Nobody with the email nobody@example.com is a member or invited',
    );
    const badRole = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob@example.com boss' });
    expect(asText(badRole.ack.body)).toContain('`&lt;role&gt;` must be one of: admin, group_admin, user');
    const malformed = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role bob admin' });
    expect(asText(malformed.ack.body)).toContain('is not an email address or @mention');
    expect(await user('bob@example.com')).toMatchObject({ role: 'group_admin' });
  });

  it('opens a form without arguments, with errors under its fields', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'role', channelId: 'C_TEAM' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    const view = asJson(open.args.view) as { callback_id: string; private_metadata: string };
    expect(validateView(view)).toEqual([]);
    const missing = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'role.submit',
      values: { role: { role: { type: 'static_select', selected_option: { value: 'admin' } } } },
    });
    expect(missing.ack.body).toEqual({
      response_action: 'errors',
      errors: { person: 'Pick someone in Slack, or find them in ub below.' },
    });
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'role.submit',
      privateMetadata: view.private_metadata,
      values: {
        email: { 'person.search:email': pickedOption('bob@example.com') },
        role: { role: { type: 'static_select', selected_option: { value: 'admin' } } },
      },
    });
    const reply = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    expect(reply.args.text).toBe('Make *bob@example.com* an admin (now group admin)?');
    expect(await user('bob@example.com')).toMatchObject({ role: 'group_admin' });
  });
});
