import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';
import { pickedOption, pickedOptions } from '../../support/payload-factories.js';

let t: TestApp;
const text = (body: unknown) => JSON.stringify(body);

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'UADMIN001', email: 'admin@example.com' });
  t.fake.addUser({ id: 'UPLAIN001', email: 'plain@example.com' });
  t.fake.addUser({ id: 'UGA000001', email: 'ga@example.com' });
  t.fake.addUser({ id: 'UBOB00001', email: 'bob@example.com', realName: 'Bob Builder' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com' });
  await createUser(t.store, { email: 'bob@example.com', firstName: 'Bob', surname: 'Builder' });
  await createUser(t.store, { email: 'carol@example.com', firstName: 'Carol', surname: 'Singer' });
  const support = await createGroup(t.store, { name: 'Support' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: support._id, permissions: [] }],
  });
});
afterAll(async () => {
  await t.stop();
});

async function run(userId: string, commandText: string) {
  const { ack, responseUrl } = await t.slack.slashCommand({ userId, text: commandText });
  if (ack.body !== undefined) return ack.body as Record<string, unknown>;
  return t.fake.waitForResponsePost(responseUrl);
}

describe('/ub group', () => {
  it('creates a group by name and refuses the same name in another case', async () => {
    expect((await run('UADMIN001', 'group create "Data Eng"')).text).toContain('Created the group *Data Eng*');
    expect((await run('UADMIN001', 'group create "data eng"')).text).toContain(
      'A group named "data eng" already exists',
    );
  });

  it('adds people by email and @mention, with a per-person result', async () => {
    const post = await run('UADMIN001', 'group add "data eng" <@UBOB00001|bob> carol@example.com nobody@example.com');
    expect(post.text).toBe('Added to Data Eng (now 2 members): 2 done, 0 skipped, 1 failed');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    const failed = (post.blocks as Array<{ text?: { text: string } }>)[1]!.text!.text;
    expect(failed).toContain(
      'nobody@example.com — not a member or invited yet: invite them with `/ub invite &lt;email&gt; --group "Data Eng"`',
    );
  });

  it('lists groups with member counts and shows a group with its members', async () => {
    const list = await run('UADMIN001', 'group list');
    expect(text(list.blocks)).toContain('*Data Eng* — 2 members');
    const show = await run('UADMIN001', 'group show "Data Eng"');
    expect(validateBlocks(show.blocks, 'message')).toEqual([]);
    expect(text(show.blocks)).toContain('Bob Builder — bob@example.com');
    expect(text(show.blocks)).toContain('No group admins');
  });

  it('asks before deleting, and updates the question in place with what was done and by whom', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'group delete "Data Eng"' });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    expect(preview.text).toContain('Delete the group *Data Eng*?');
    expect(text(preview.blocks)).toContain('Its 2 members stay in ub');
    const confirm = (preview.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'group.delete.confirm')!;
    const { ack } = await t.slack.blockAction({
      userId: 'UADMIN001',
      actionId: confirm.action_id,
      value: confirm.value,
      responseUrl,
    });
    expect(ack.status).toBe(200);
    const decided = await t.fake.waitForResponsePost(responseUrl, (p) => p.replace_original === true);
    expect(decided.text).toBe(':wastebasket: Deleted the group *Data Eng*. Its 2 members keep their accounts.');
    expect(await t.store.users.countDocuments({ email: { $in: ['bob@example.com', 'carol@example.com'] } })).toBe(2);
  });

  it('turns a Confirm clicked again after the deletion into a notice in place of the question', async () => {
    await run('UADMIN001', 'group create Twice');
    const { responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'group delete Twice' });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    const confirm = (preview.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'group.delete.confirm')!;
    await t.slack.blockAction({ userId: 'UADMIN001', actionId: confirm.action_id, value: confirm.value, responseUrl });
    await t.fake.waitForResponsePost(responseUrl, (p) => String(p.text).startsWith(':wastebasket:'));
    await t.slack.blockAction({ userId: 'UADMIN001', actionId: confirm.action_id, value: confirm.value, responseUrl });
    const again = await t.fake.waitForResponsePost(responseUrl, (p) =>
      String(p.text).startsWith(':information_source:'),
    );
    expect(again.replace_original).toBe(true);
    expect(again.text).toContain('There is no group named "Twice"');
  });

  it('leaves everything as it was when the confirmation is cancelled', async () => {
    await run('UADMIN001', 'group create Keep');
    const { responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'group delete Keep' });
    await t.fake.waitForResponsePost(responseUrl);
    await t.slack.blockAction({ userId: 'UADMIN001', actionId: 'confirmation.cancel', value: 'cancel', responseUrl });
    const decided = await t.fake.waitForResponsePost(responseUrl, (p) => p.replace_original === true);
    expect(decided.text).toBe('Cancelled. Nothing was changed.');
    expect((await run('UADMIN001', 'group list')).blocks).toBeDefined();
    expect(await t.store.groups.countDocuments({ name: 'Keep' })).toBe(1);
  });

  it('makes someone a group admin who can then act only on their group, and names the group it refuses', async () => {
    expect((await run('UADMIN001', 'group admin add Keep plain@example.com')).text).toContain(
      'plain@example.com now manages *Keep*',
    );
    t.fake.reset();
    // plain@example.com's actor is resolved from Slack again on each request: it is now a group admin of Keep.
    expect((await run('UPLAIN001', 'group add Keep bob@example.com')).text).toContain('1 done');
    expect((await run('UPLAIN001', 'group add Support bob@example.com')).text).toContain(
      'You do not manage the group “Support”: group admins act only in the groups they manage. `/ub group list` shows yours.',
    );
  });

  it('refuses admin-only commands to people who are not admins', async () => {
    expect((await run('UGA000001', 'group create Mine')).text).toContain('Only ub admins can do that');
    expect((await run('UBOB00001', 'group list')).text).toContain('Only ub admins can do that');
  });

  it('says which argument is wrong and names unknown groups', async () => {
    const missing = await run('UADMIN001', 'group add "Data Eng"');
    expect(text(missing)).toContain('`&lt;people&gt;` name at least one person');
    expect(text(missing)).toContain('Usage: `/ub group add');
    expect((await run('UADMIN001', 'group show Nope')).text).toContain('There is no group named "Nope"');
    expect(text(await run('UADMIN001', 'group ad Keep bob@example.com'))).toContain('Did you mean `/ub group add`?');
  });

  it('opens a form for /ub group create and shows field errors in place', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'UADMIN001', text: 'group create' });
    const opened = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    expect(opened.ok).toBe(true);
    const { ack } = await t.slack.viewSubmission({
      userId: 'UADMIN001',
      callbackId: 'group.create',
      values: { name: { name: { type: 'plain_text_input', value: '  ' } } },
    });
    expect(ack.body).toEqual({ response_action: 'errors', errors: { name: 'Give the group a name.' } });
    const done = await t.slack.viewSubmission({
      userId: 'UADMIN001',
      callbackId: 'group.create',
      values: { name: { name: { type: 'plain_text_input', value: 'From Form' } } },
    });
    expect(done.ack.status).toBe(200);
    await t.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).includes('Created the group *From Form*'));
  });

  it('opens a form for every /ub group subcommand given no arguments', async () => {
    for (const sub of ['rename', 'delete', 'add', 'remove', 'show', 'admin']) {
      const { triggerId } = await t.slack.slashCommand({ userId: 'UADMIN001', text: `group ${sub}` });
      const opened = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
      expect(opened.ok).toBe(true);
      expect((opened.args.view as { callback_id: string }).callback_id).toBe(`group.${sub}.form`);
    }
  });

  it('adds people picked in the form and typed as emails, and shows errors under the fields', async () => {
    const form = (values: Record<string, Record<string, unknown>>) =>
      t.slack.viewSubmission({
        userId: 'UADMIN001',
        callbackId: 'group.add.form',
        privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
        values,
      });
    const bad = await form({
      group: { 'group.search:group': pickedOption('Keep') },
      people: { people: { type: 'multi_users_select', selected_users: [] } },
      emails: { 'person.search:emails': pickedOptions(['carol@example.com', 'not-an-email']) },
    });
    expect(bad.ack.body).toEqual({
      response_action: 'errors',
      errors: { emails: '“not-an-email” is not an email address.' },
    });
    const none = await form({ group: { 'group.search:group': pickedOption('Keep') } });
    expect(none.ack.body).toEqual({
      response_action: 'errors',
      errors: { people: 'Pick people in Slack or type their emails.' },
    });
    const good = await form({
      group: { 'group.search:group': pickedOption('keep') },
      people: { people: { type: 'multi_users_select', selected_users: ['UBOB00001'] } },
      emails: { 'person.search:emails': pickedOptions(['carol@example.com']) },
    });
    expect(good.ack.status).toBe(200);
    const result = await t.fake.waitForCall('chat.postEphemeral', (c) =>
      String(c.args.text).startsWith('Added to Keep'),
    );
    expect(result.args).toMatchObject({ channel: 'C_GENERAL', user: 'UADMIN001' });
    expect(String(result.args.text)).toMatch(/1 done, 1 skipped, 0 failed|2 done/);
  });

  it('makes a group admin from the form, with the permission ticked', async () => {
    const { ack } = await t.slack.viewSubmission({
      userId: 'UADMIN001',
      callbackId: 'group.admin.form',
      values: {
        group: { 'group.search:group': pickedOption('Keep') },
        change: { change: { type: 'static_select', selected_option: { value: 'add' } } },
        email: { 'person.search:email': pickedOption('carol@example.com') },
        permissions: { permissions: { type: 'checkboxes', selected_options: [{ value: 'invite_deactivate' }] } },
      },
    });
    expect(ack.status).toBe(200);
    await t.fake.waitForCall('chat.postMessage', (c) =>
      String(c.args.text).includes('carol@example.com now manages *Keep*, and may invite'),
    );
    const carol = await t.store.users.findById('T_TEST:carol@example.com').lean();
    expect(carol?.role).toBe('group_admin');
  });
});

describe('/ub group add and remove of many people', () => {
  const people = Array.from({ length: 12 }, (_, i) => `crowd${i}@example.com`);

  /** Clicks the preview's Confirm and returns what replaced the preview. */
  async function confirm(preview: Record<string, unknown>, times = 1): Promise<Record<string, unknown>> {
    const button = (preview.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.action_id === 'group.members.confirm')!;
    let last: Record<string, unknown> = {};
    for (let i = 0; i < times; i += 1) {
      const click = await t.slack.blockAction({ userId: 'UADMIN001', actionId: button.action_id, value: button.value });
      last = await t.fake.waitForResponsePost(click.responseUrl);
    }
    return last;
  }

  it('asks first with the count, then adds them in a job, each once, with the result in a DM', async () => {
    for (const email of people.slice(0, 10)) await createUser(t.store, { email });
    await run('UADMIN001', 'group create Crowd');
    const preview = await run('UADMIN001', `group add Crowd ${people.join(' ')}`);
    // The question counts who will really join; the two unknown addresses are named as left out.
    expect(preview.text).toBe('Add 10 people to *Crowd*?');
    expect(validateBlocks(preview.blocks, 'message')).toEqual([]);
    expect(text(preview.blocks)).toContain('Left out (2): crowd10@example.com, crowd11@example.com — not a member');
    expect((await t.store.groups.findOne({ name: 'Crowd' }).lean())!.memberCount).toBe(0);

    // A double click starts one run.
    const started = await confirm(preview, 2);
    expect(String(started.text)).toContain('Adding 12 people to Crowd — ');
    await waitForBulkRuns(t.store);
    expect(t.fake.messagesIn('UADMIN001').at(-1)!.text).toBe('Added to Crowd: 10 done, 0 skipped, 2 failed');
    const group = (await t.store.groups.findOne({ name: 'Crowd' }).lean())!;
    expect(group.memberCount).toBe(10);
    expect(await t.store.users.countDocuments({ groupIds: group._id })).toBe(10);
    expect(await t.store.auditEntries.countDocuments({ action: 'group.member_added', subjects: group._id })).toBe(10);
  });

  it('asks first, then removes them in a job, with an exact member count', async () => {
    const preview = await run('UADMIN001', `group remove Crowd ${people.slice(0, 8).join(' ')}`);
    expect(preview.text).toBe('Remove 8 people from *Crowd*?');
    await confirm(preview);
    await waitForBulkRuns(t.store);
    expect(t.fake.messagesIn('UADMIN001').at(-1)!.text).toBe('Removed from Crowd: 8 done, 0 skipped, 0 failed');
    expect((await t.store.groups.findOne({ name: 'Crowd' }).lean())!.memberCount).toBe(2);
  });

  it('stops truthfully when the group is deleted between the preview and the Confirm', async () => {
    await run('UADMIN001', 'group create Doomed');
    const preview = await run('UADMIN001', `group add Doomed ${people.join(' ')}`);
    await t.store.groupNames.deleteOne({ groupId: (await t.store.groups.findOne({ name: 'Doomed' }).lean())!._id });
    await t.store.groups.deleteOne({ name: 'Doomed' });
    await confirm(preview);
    await waitForBulkRuns(t.store);
    expect(t.fake.messagesIn('UADMIN001').at(-1)!.text).toBe(
      ':warning: Adding 12 people to Doomed stopped after 0 of 12: The group no longer exists.',
    );
    expect(await t.store.bulkRuns.findOne({ status: 'stopped' }).lean()).toMatchObject({
      stoppedBecause: 'The group no longer exists.',
    });
  });
});
