import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';
import { pickedOption, tickedBoxes } from '../../support/payload-factories.js';

let t: TestApp;
let groupId: string;
const org = () => t.store.organizations.findById('T_TEST').lean().exec();
const user = (email: string) => t.store.users.findById(`T_TEST:${email}`).lean().exec();

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_ADMIN2', email: 'admin2@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@example.com' });
  groupId = (await createGroup(t.store, { name: 'Data Eng' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'admin2@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId, permissions: ['invite_deactivate'] }],
  });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.users.deleteMany({ email: { $in: ['bob@example.com', 'sam@example.com'] } });
  await createUser(t.store, {
    email: 'bob@example.com',
    firstName: 'Bob',
    surname: 'Builder',
    licenseType: 'pro',
    groupIds: [groupId],
  });
  await createUser(t.store, { email: 'sam@example.com', firstName: 'Sam', surname: 'Seller' });
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 10, seatsFree: 4, proSeats: 2, proSeatsFree: 1 } },
  );
});

describe('/ub deactivate', () => {
  it('previews the consequences, and Confirm deactivates and updates the preview in place', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate bob@example.com' });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(preview.blocks, 'message')).toEqual([]);
    expect(asText(preview.blocks)).toContain('Deactivate *Bob Builder* (bob@example.com)?');
    expect(asText(preview.blocks)).toContain('license and their Pro license are freed');
    expect(await user('bob@example.com')).toMatchObject({ status: 'active' });

    const confirm = findButton(preview.blocks, 'deactivate.confirm')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });
    const done = await t.fake.waitForResponsePost(click.responseUrl);
    expect(done.replace_original).toBe(true);
    expect(done.text).toMatch(/^:white_check_mark: Deactivated \*Bob Builder\* \(bob@example\.com\)\./);
    expect(findButton(done.blocks, 'deactivate.confirm')).toBeUndefined();
    expect(await user('bob@example.com')).toMatchObject({ status: 'deactivated' });
    expect(await org()).toMatchObject({ seatsFree: 5, proSeatsFree: 2 });
    expect(
      await t.store.auditEntries.findOne({ action: 'user.deactivate', subjects: 'bob@example.com' }).lean(),
    ).toMatchObject({ source: 'button' });
  });

  it('tells the second of two admins confirming at once that it is already done, and frees the seat once', async () => {
    const first = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate <@U_BOB|bob>' });
    const second = await t.slack.slashCommand({ userId: 'U_ADMIN2', text: 'deactivate bob@example.com' });
    const confirmA = findButton((await t.fake.waitForResponsePost(first.responseUrl)).blocks, 'deactivate.confirm')!;
    const confirmB = findButton((await t.fake.waitForResponsePost(second.responseUrl)).blocks, 'deactivate.confirm')!;
    const [a, b] = await Promise.all([
      t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirmA.action_id, value: confirmA.value }),
      t.slack.blockAction({ userId: 'U_ADMIN2', actionId: confirmB.action_id, value: confirmB.value }),
    ]);
    const texts = [
      String((await t.fake.waitForResponsePost(a.responseUrl)).text),
      String((await t.fake.waitForResponsePost(b.responseUrl)).text),
    ];
    expect(
      texts.filter((x) => x.startsWith(':white_check_mark: Deactivated *Bob Builder* (bob@example.com)')),
    ).toHaveLength(1);
    expect(texts.filter((x) => /bob@example\.com is already deactivated by admin2?@example\.com/.test(x))).toHaveLength(
      1,
    );
    expect(await org()).toMatchObject({ seatsFree: 5 });
  });

  it('opens a form without arguments; the form leads to the same preview', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate', channelId: 'C_TEAM' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    const view = asJson(open.args.view) as { callback_id: string; private_metadata: string };
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe('deactivate.submit');
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'deactivate.submit',
      privateMetadata: view.private_metadata,
      values: {
        email: { 'person.search:email': pickedOption('Sam@Example.com') },
        notify: { notify: tickedBoxes(['notify']) },
      },
    });
    const preview = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    expect(preview.args.text).toBe('Deactivate *Sam Seller* (sam@example.com)?');
    expect(findButton(asJson(preview.args.blocks), 'deactivate.confirm')?.value).toBe(
      '{"e":"sam@example.com","n":true}',
    );
    expect(await user('sam@example.com')).toMatchObject({ status: 'active' });
  });

  it('does not tell the person when the form\'s "tell them" box is unticked', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate', channelId: 'C_TEAM' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    const view = asJson(open.args.view) as { private_metadata: string };
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'deactivate.submit',
      privateMetadata: view.private_metadata,
      values: {
        person: { person: { type: 'users_select', selected_user: 'U_BOB' } },
        notify: { notify: tickedBoxes([]) },
      },
    });
    const preview = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    const confirm = findButton(asJson(preview.args.blocks), 'deactivate.confirm')!;
    expect(confirm.value).toBe('{"e":"bob@example.com","n":false}');
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });
    expect((await t.fake.waitForResponsePost(click.responseUrl)).text).toContain(
      'bob@example.com was not told (`--no-notify`).',
    );
    expect(await user('bob@example.com')).toMatchObject({ status: 'deactivated' });
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('lets a group admin with the permission deactivate in their group only', async () => {
    const outside = await t.slack.slashCommand({ userId: 'U_GA', text: 'deactivate sam@example.com' });
    expect(asText(await t.fake.waitForResponsePost(outside.responseUrl))).toContain(
      'sam@example.com is not in a group you manage with the invite/deactivate permission.',
    );
    const inside = await t.slack.slashCommand({ userId: 'U_GA', text: 'deactivate bob@example.com' });
    expect(
      findButton((await t.fake.waitForResponsePost(inside.responseUrl)).blocks, 'deactivate.confirm'),
    ).toBeDefined();
  });

  it('refuses a plain user, yourself, an unknown person and a malformed email, changing nothing', async () => {
    const plain = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'deactivate bob@example.com' });
    expect(asText(await t.fake.waitForResponsePost(plain.responseUrl))).toContain('Only ub admins can do that');
    const plainForm = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'deactivate' });
    expect(asText(await t.fake.waitForResponsePost(plainForm.responseUrl))).toContain('Only ub admins can do that');
    expect(t.fake.callsTo('views.open')).toHaveLength(0);
    const self = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate admin@example.com' });
    expect(asText(await t.fake.waitForResponsePost(self.responseUrl))).toContain('You cannot deactivate yourself');
    const unknown = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate nobody@example.com' });
    expect(asText(await t.fake.waitForResponsePost(unknown.responseUrl))).toContain(
      'Nobody with the email nobody@example.com',
    );
    const malformed = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate bob(at)example.com' });
    expect(asText(malformed.ack.body)).toContain('is not an email address or @mention');
    expect(await t.store.users.countDocuments({ status: 'deactivated' })).toBe(0);
    expect(await org()).toMatchObject({ seatsFree: 4 });
  });
});

describe('/ub reactivate', () => {
  it('reactivates with a license and their groups, and says when no license is left', async () => {
    await t.store.users.updateOne(
      { _id: 'T_TEST:bob@example.com' },
      { $set: { status: 'deactivated', licenseType: 'standard' } },
    );
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 0 } });
    const full = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'reactivate bob@example.com' });
    expect(asText(await t.fake.waitForResponsePost(full.responseUrl))).toContain(
      'the account has 10 licenses and 10 are in use',
    );
    expect(await user('bob@example.com')).toMatchObject({ status: 'deactivated' });

    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 1 } });
    const ok = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'reactivate <@U_BOB|bob>' });
    const post = await t.fake.waitForResponsePost(ok.responseUrl);
    expect(post.text).toContain(
      ':white_check_mark: Reactivated *Bob Builder* (bob@example.com): active again as a user with a standard license.',
    );
    expect(post.text).toContain('Groups: Data Eng.');
    expect(await user('bob@example.com')).toMatchObject({ status: 'active' });
    expect(await org()).toMatchObject({ seatsFree: 0 });
  });

  it('is for admins only, including its form, and says when someone is already active', async () => {
    const ga = await t.slack.slashCommand({ userId: 'U_GA', text: 'reactivate bob@example.com' });
    expect(asText(await t.fake.waitForResponsePost(ga.responseUrl))).toContain('Only ub admins can do that');
    const active = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'reactivate bob@example.com' });
    expect(asText(await t.fake.waitForResponsePost(active.responseUrl))).toContain(
      'bob@example.com is already active; nothing changed.',
    );
    const form = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'reactivate' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === form.triggerId);
    expect((asJson(open.args.view) as { callback_id: string }).callback_id).toBe('reactivate.submit');
  });

  it('reactivates from the form, telling the person only when its box is ticked', async () => {
    await t.store.users.updateOne(
      { _id: 'T_TEST:bob@example.com' },
      { $set: { status: 'deactivated', licenseType: 'standard' } },
    );
    const form = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'reactivate', channelId: 'C_TEAM' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === form.triggerId);
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'reactivate.submit',
      privateMetadata: (asJson(open.args.view) as { private_metadata: string }).private_metadata,
      values: {
        person: { person: { type: 'users_select', selected_user: 'U_BOB' } },
        notify: { notify: tickedBoxes([]) },
      },
    });
    const done = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    expect(done.args.text).toContain('Reactivated *Bob Builder* (bob@example.com)');
    expect(done.args.text).toContain('bob@example.com was not told (`--no-notify`).');
    expect(await user('bob@example.com')).toMatchObject({ status: 'active' });
    expect(t.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
