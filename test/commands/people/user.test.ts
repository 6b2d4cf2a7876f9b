import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';
import { pickedOption } from '../../support/payload-factories.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@example.com' });
  const data = await createGroup(t.store, { name: 'Data Eng' });
  const sales = await createGroup(t.store, { name: 'Sales' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', firstName: 'Ada', surname: 'Admin' });
  await createUser(t.store, { email: 'plain@example.com', firstName: 'Plain', surname: 'Person' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: data._id, permissions: [] }],
  });
  await createUser(t.store, {
    email: 'bob@example.com',
    firstName: 'Bob',
    surname: 'Builder',
    groupIds: [data._id],
    licenseType: 'pro',
  });
  await createUser(t.store, { email: 'sam@example.com', firstName: 'Sam', surname: 'Seller', groupIds: [sales._id] });
  for (let i = 0; i < 22; i++)
    await createUser(t.store, {
      email: `zz${String(i).padStart(2, '0')}@example.com`,
      firstName: 'Zed',
      surname: `Number${i}`,
    });
});
afterAll(async () => {
  await t.stop();
});

describe('/ub user', () => {
  it('shows a profile with groups, license and no course activity yet', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user bob@example.com' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.response_type).toBe('ephemeral');
    expect(post.text).toBe('Bob Builder (bob@example.com): user');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    const all = asText(post.blocks);
    expect(all).toContain('Data Eng');
    expect(all).toContain('Pro');
    expect(all).toContain('No course activity recorded yet.');
  });

  it('takes an @mention and `me`', async () => {
    const mention = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user <@U_BOB|bob>' });
    expect((await t.fake.waitForResponsePost(mention.responseUrl)).text).toBe('Bob Builder (bob@example.com): user');
    const me = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'user me' });
    expect((await t.fake.waitForResponsePost(me.responseUrl)).text).toBe('Plain Person (plain@example.com): user');
  });

  it('refuses a user looking at someone else, and a group admin outside their groups', async () => {
    const byUser = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'user bob@example.com' });
    expect(asText(await t.fake.waitForResponsePost(byUser.responseUrl))).toContain(
      'You can only look at your own profile',
    );
    const outside = await t.slack.slashCommand({ userId: 'U_GA', text: 'user sam@example.com' });
    expect(asText(await t.fake.waitForResponsePost(outside.responseUrl))).toContain(
      'sam@example.com is not in a group you manage.',
    );
    const inside = await t.slack.slashCommand({ userId: 'U_GA', text: 'user bob@example.com' });
    expect((await t.fake.waitForResponsePost(inside.responseUrl)).text).toBe('Bob Builder (bob@example.com): user');
  });

  it('says when nobody has that email, and refuses a malformed one in the ack', async () => {
    const unknown = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user nobody@example.com' });
    expect(asText(await t.fake.waitForResponsePost(unknown.responseUrl))).toContain(
      'Nobody with the email nobody@example.com is a member here',
    );
    const malformed = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user bob@' });
    expect(asText(malformed.ack.body)).toContain('is not an email address or @mention');
    expect(asText(malformed.ack.body)).toContain('Usage: `/ub user');
  });

  it('opens a form without arguments and shows the profile of the person picked', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user', channelId: 'C_TEAM' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    const view = asJson(open.args.view) as { callback_id: string; private_metadata: string };
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe('user.submit');

    const empty = await t.slack.viewSubmission({ userId: 'U_ADMIN', callbackId: 'user.submit', values: {} });
    expect(empty.ack.body).toEqual({
      response_action: 'errors',
      errors: { person: 'Pick someone in Slack, or find them in ub below.' },
    });
    const bad = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'user.submit',
      values: { email: { 'person.search:email': pickedOption('nope') } },
    });
    expect(bad.ack.body).toEqual({ response_action: 'errors', errors: { email: 'That is not an email address.' } });

    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'user.submit',
      privateMetadata: view.private_metadata,
      values: { person: { person: { type: 'users_select', selected_user: 'U_BOB' } } },
    });
    const reply = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    expect(reply.args.text).toBe('Bob Builder (bob@example.com): user');
  });
});

describe('/ub users', () => {
  it('pages ten at a time with Next and Previous, updating the message in place', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users' });
    const first = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(first.blocks, 'message')).toEqual([]);
    expect(String(first.text)).toContain('admin@example.com');
    expect(findButton(first.blocks, 'users.page')?.action_id).toBe('users.page:next');
    expect(asText(first.blocks).match(/users\.open:/g)).toHaveLength(10);

    const next = findButton(first.blocks, 'users.page:next')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: next.action_id, value: next.value });
    const second = await t.fake.waitForResponsePost(click.responseUrl);
    expect(second.replace_original).toBe(true);
    expect(validateBlocks(second.blocks, 'message')).toEqual([]);
    expect(asText(second.blocks)).toContain('page 2');
    expect(String(second.text)).not.toContain('admin@example.com');

    const previous = findButton(second.blocks, 'users.page:prev')!;
    const back = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: previous.action_id, value: previous.value });
    const again = await t.fake.waitForResponsePost(back.responseUrl);
    expect(again.replace_original).toBe(true);
    expect(again.text).toBe(first.text);
  });

  it('searches by name with filters, and the filters travel with the page buttons', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users zed --status active' });
    const first = await t.fake.waitForResponsePost(responseUrl);
    expect(asText(first.blocks)).toContain('Filters: matching “zed” · active');
    const next = findButton(first.blocks, 'users.page:next')!;
    expect(JSON.parse(next.value)).toMatchObject({ q: 'zed', s: 'active' });
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: next.action_id, value: next.value });
    const second = await t.fake.waitForResponsePost(click.responseUrl);
    expect(String(second.text)).toMatch(/^People: zz10@example\.com/);

    const pro = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users --license pro --group "data eng"' });
    expect((await t.fake.waitForResponsePost(pro.responseUrl)).text).toBe('People: bob@example.com');
  });

  it('opens a profile from a row', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users builder' });
    const list = await t.fake.waitForResponsePost(responseUrl);
    const open = findButton(list.blocks, 'users.open')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: open.action_id, value: open.value });
    const profile = await t.fake.waitForResponsePost(click.responseUrl);
    expect(profile.replace_original).toBe(false);
    expect(profile.text).toBe('Bob Builder (bob@example.com): user');
  });

  it('keeps a group admin within their groups and refuses plain users', async () => {
    const ga = await t.slack.slashCommand({ userId: 'U_GA', text: 'users' });
    expect((await t.fake.waitForResponsePost(ga.responseUrl)).text).toBe('People: bob@example.com');
    const plain = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'users' });
    expect(asText(await t.fake.waitForResponsePost(plain.responseUrl))).toContain(
      'Only admins and group admins can list people',
    );
  });

  it('answers bad filters in the ack, and pending or unknown groups with a pointer', async () => {
    const badStatus = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users --status gone' });
    expect(asText(badStatus.ack.body)).toContain('`--status` must be one of: active, deactivated, pending');
    const pending = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users --status pending' });
    expect(asText(await t.fake.waitForResponsePost(pending.responseUrl))).toContain('`/ub invitations` lists them');
    const group = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'users --group Nope' });
    expect(asText(await t.fake.waitForResponsePost(group.responseUrl))).toContain('No group named “Nope”');
  });
});
