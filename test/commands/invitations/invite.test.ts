import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';

let t: TestApp;
const text = (body: unknown) => JSON.stringify(body);
const org = () => t.store.organizations.findById('T_TEST').lean().exec();
/** A Web API argument that may arrive as JSON text (form-encoded calls) or as an object (JSON calls). */
const json = (value: unknown) => (typeof value === 'string' ? (JSON.parse(value) as unknown) : value);

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@example.com', realName: 'Bob Builder' });
  t.fake.addUser({ id: 'U_CAROL', email: 'Carol@Example.com', realName: 'Carol Singer' });
  t.fake.addUser({ id: 'U_EVE', email: 'eve@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com', role: 'user' });
  await createGroup(t.store, { name: 'Data Eng' });
  const managed = await createGroup(t.store, { name: 'Support' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: managed._id, permissions: ['invite_deactivate'] }],
  });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.invitations.deleteMany({});
  await t.store.users.deleteMany({ email: { $nin: ['admin@example.com', 'plain@example.com', 'ga@example.com'] } });
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 2000, seatsFree: 2000, proSeats: 5, proSeatsFree: 5 } },
  );
});

describe('/ub invite', () => {
  it('invites addresses and @mentions, reports each address, and DMs the invitees who are in Slack', async () => {
    const { ack, responseUrl } = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: 'invite carol@example.com, <@U_BOB|bob> not-an-email outsider@example.com --group "data eng" --message "Welcome to the team"',
    });
    expect(ack.status).toBe(200);
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.response_type).toBe('ephemeral');
    expect(post.text).toBe('Invitations: 3 done, 0 skipped, 1 failed');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(text(post.blocks)).toContain('not-an-email — not a valid email address');

    const carolDm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_CAROL');
    const bobDm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_BOB');
    expect(carolDm.ok && bobDm.ok).toBe(true);
    expect(text(bobDm.args.blocks)).toContain('invitation.accept');
    expect(text(bobDm.args.blocks)).toContain('Welcome to the team');
    expect(text(bobDm.args.blocks)).toContain('Data Eng');
    expect(text(bobDm.args.blocks)).toContain('<@U_ADMIN> invited you');
    // Bob was named by mention: no lookup needed; Carol was found by her email.
    expect(
      t.fake
        .callsTo('users.lookupByEmail')
        .map((c) => c.args.email)
        .sort(),
    ).toEqual(['carol@example.com', 'outsider@example.com']);
    await t.fake.waitForCall('chat.postMessage', () => t.fake.callsTo('chat.postMessage').length >= 2);

    expect(await t.store.invitations.countDocuments({ status: 'pending' })).toBe(3);
    expect(await t.store.invitations.findById('T_TEST:bob@example.com').lean()).toMatchObject({
      status: 'pending',
      invitedBy: 'admin@example.com',
    });
    expect(await org()).toMatchObject({ seatsFree: 1997 });
  });

  it('lets the invitee accept from the DM; the DM becomes a welcome and a second click changes nothing', async () => {
    await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite bob@example.com --group "Data Eng"' });
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_BOB' && text(c.args.blocks).includes('Data Eng'),
    );

    const click = await t.slack.blockAction({
      userId: 'U_BOB',
      actionId: 'invitation.accept',
      value: 'accept',
      channelId: 'D_BOB',
    });
    const welcome = await t.fake.waitForResponsePost(click.responseUrl);
    expect(welcome.replace_original).toBe(true);
    expect(text(welcome)).toContain('You have joined');
    expect(validateBlocks(welcome.blocks, 'message')).toEqual([]);
    expect(await t.store.users.findById('T_TEST:bob@example.com').lean()).toMatchObject({
      status: 'active',
      role: 'user',
      firstName: 'Bob',
      surname: 'Builder',
      slackUserId: 'U_BOB',
    });

    const again = await t.slack.blockAction({
      userId: 'U_BOB',
      actionId: 'invitation.accept',
      value: 'accept',
      channelId: 'D_BOB',
    });
    expect(text(await t.fake.waitForResponsePost(again.responseUrl))).toContain('already joined');
    expect(await t.store.users.countDocuments({ email: 'bob@example.com' })).toBe(1);
    expect(await org()).toMatchObject({ seatsFree: 1999 });
  });

  it('matches the clicker by their own Slack email, never by the button', async () => {
    await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite bob@example.com' });
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_BOB');
    const click = await t.slack.blockAction({
      userId: 'U_EVE',
      actionId: 'invitation.accept',
      value: '{"email":"bob@example.com"}',
    });
    expect(text(await t.fake.waitForResponsePost(click.responseUrl))).toContain(
      'no pending invitation for eve@example.com',
    );
    expect(await t.store.invitations.findById('T_TEST:bob@example.com').lean()).toMatchObject({ status: 'pending' });
  });

  it('refuses a plain user, and an unknown group, inviting nobody', async () => {
    const byUser = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'invite x@example.com' });
    expect(text(await t.fake.waitForResponsePost(byUser.responseUrl))).toContain('Only ub admins can do that');
    const unknownGroup = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: 'invite x@example.com --group Marketing',
    });
    expect(text(await t.fake.waitForResponsePost(unknownGroup.responseUrl))).toContain('No group named “Marketing”');
    expect(await t.store.invitations.countDocuments({})).toBe(0);
    expect(await org()).toMatchObject({ seatsFree: 2000 });
  });

  it('lets a group admin invite into the group they manage, and nowhere else', async () => {
    const outside = await t.slack.slashCommand({ userId: 'U_GA', text: 'invite x@example.com --group "Data Eng"' });
    expect(text(await t.fake.waitForResponsePost(outside.responseUrl))).toContain('not into “Data Eng”');
    const noGroup = await t.slack.slashCommand({ userId: 'U_GA', text: 'invite x@example.com' });
    expect(text(await t.fake.waitForResponsePost(noGroup.responseUrl))).toContain('--group &lt;name&gt;');
    expect(await t.store.invitations.countDocuments({})).toBe(0);
    const inside = await t.slack.slashCommand({ userId: 'U_GA', text: 'invite x@example.com --group support' });
    expect((await t.fake.waitForResponsePost(inside.responseUrl)).text).toBe(
      'Invitations: 1 done, 0 skipped, 0 failed',
    );
  });

  it('refuses an over-long message and a bad role in the ack, with the usage line', async () => {
    const long = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: `invite x@example.com --message "${'x'.repeat(1001)}"`,
    });
    expect(text(long.ack.body)).toContain('`--message` is too long (at most 1000 characters)');
    const role = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite x@example.com --role boss' });
    expect(text(role.ack.body)).toContain('`--role` must be one of: user, admin, group_admin');
    expect(text(role.ack.body)).toContain('Usage: `/ub invite');
    expect(await t.store.invitations.countDocuments({})).toBe(0);
  });

  it('says when the licenses run out, with how many are in use', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 3, seatsFree: 1 } });
    const { responseUrl } = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: 'invite a@example.com b@example.com',
    });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.text).toBe('Invitations: 1 done, 0 skipped, 1 failed');
    expect(text(post.blocks)).toContain('the account has 3 licenses and 3 are in use');
  });
});

describe('/ub invite form', () => {
  it('opens a form with the groups, role, Pro and message when given no arguments', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    expect(open.ok).toBe(true);
    const view = json(open.args.view) as { callback_id: string; blocks: Array<{ block_id?: string }> };
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe('invite.submit');
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      'emails',
      'groups',
      'role',
      'pro',
      'language',
      'message',
    ]);
    expect(text(view)).toContain('Data Eng');
  });

  it('shows errors under the fields and keeps the form open', async () => {
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'invite.submit',
      values: {
        emails: { value: { type: 'plain_text_input', value: 'ok@example.com\nnope\nalso bad' } },
        message: { value: { type: 'plain_text_input', value: 'y'.repeat(1001) } },
      },
    });
    expect(ack.body).toEqual({
      response_action: 'errors',
      errors: { emails: 'Not email addresses: nope, also, bad', message: 'At most 1000 characters.' },
    });
    expect(await t.store.invitations.countDocuments({})).toBe(0);
  });

  it('invites from a valid form and answers in the channel it was opened from', async () => {
    const group = await t.store.groupNames.findById('T_TEST:data eng').lean();
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'invite.submit',
      privateMetadata: JSON.stringify({ c: 'C_TEAM', x: {} }),
      values: {
        emails: { value: { type: 'plain_text_input', value: 'form1@example.com, form2@example.com' } },
        groups: { value: { type: 'multi_static_select', selected_options: [{ value: group!.groupId }] } },
        role: { value: { type: 'static_select', selected_option: { value: 'admin' } } },
        pro: { value: { type: 'checkboxes', selected_options: [{ value: 'pro' }] } },
      },
    });
    expect(ack.body).toBeUndefined();
    const reply = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    expect(reply.args.text).toBe('Invitations: 2 done, 0 skipped, 0 failed');
    expect(await t.store.invitations.findById('T_TEST:form1@example.com').lean()).toMatchObject({
      role: 'admin',
      licenseType: 'pro',
      groupIds: [group!.groupId],
    });
    expect(
      await t.store.auditEntries.findOne({ action: 'invitation.create', subjects: 'form1@example.com' }).lean(),
    ).toMatchObject({ source: 'modal' });
  });
});

describe('a bulk invite', () => {
  it('from the form, shows its progress in a DM that becomes the result', async () => {
    const emails = Array.from({ length: 60 }, (_, i) => `formbulk${i}@example.com`);
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'invite.submit',
      values: { emails: { emails: { type: 'plain_text_input', value: emails.join('\n') } } },
    });
    expect(ack.body).toBeUndefined();
    const progress = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_ADMIN');
    expect(String(progress.args.text)).toContain('Inviting 60 people…');
    const final = await t.fake.waitForCall(
      'chat.update',
      (c) => c.args.text === 'Invitations: 60 done, 0 skipped, 0 failed',
      15_000,
    );
    expect(final.ok).toBe(true);
    expect(t.fake.messagesIn('U_ADMIN').at(-1)!.text).toBe('Invitations: 60 done, 0 skipped, 0 failed');
    await t.fake.waitForCall('users.lookupByEmail', () => t.fake.callsTo('users.lookupByEmail').length >= 60, 15_000);
  });

  it('acks at once, updates one progress message in place, ends with the result, and leaves other commands free', async () => {
    const emails = Array.from({ length: 300 }, (_, i) => `bulk${i}@example.com`);
    const started = Date.now();
    const { ack, responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: `invite ${emails.join(' ')}` });
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);

    const first = await t.fake.waitForResponsePost(responseUrl, (p) =>
      String(p.text).startsWith(':hourglass_flowing_sand: Inviting 300 people…'),
    );
    expect(first.replace_original).toBe(false);
    // Another command is answered while the invite runs.
    const other = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license' });
    await t.fake.waitForResponsePost(other.responseUrl);
    expect(t.fake.responsePosts(responseUrl).some((p) => String(p.text).startsWith('Invitations:'))).toBe(false);

    const final = await t.fake.waitForResponsePost(
      responseUrl,
      (p) => String(p.text).startsWith('Invitations:'),
      30_000,
    );
    expect(final.text).toBe('Invitations: 300 done, 0 skipped, 0 failed');
    expect(final.replace_original).toBe(true);
    expect(validateBlocks(final.blocks, 'message')).toEqual([]);
    const posts = t.fake.responsePosts(responseUrl);
    expect(posts.length).toBeLessThanOrEqual(4);
    expect(posts.slice(1).every((p) => p.replace_original === true)).toBe(true);
    expect(await t.store.invitations.countDocuments({ status: 'pending' })).toBe(300);
    expect(await org()).toMatchObject({ seatsFree: 1700 });
    // Nobody of these is in Slack: each address is looked up once, after the result, and no DM goes out.
    await t.fake.waitForCall('users.lookupByEmail', () => t.fake.callsTo('users.lookupByEmail').length >= 300, 30_000);
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(0);
  }, 60_000);
});
