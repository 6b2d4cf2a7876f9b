import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildContext, createUser } from '../../support/factories.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';

let t: TestApp;
const text = (body: unknown) => JSON.stringify(body);
const org = () => t.store.organizations.findById('T_TEST').lean().exec();

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_LEARNER', email: 'learner@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com', role: 'user' });
  await createUser(t.store, { email: 'learner@example.com', role: 'user' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.invitations.deleteMany({});
  await t.store.users.updateMany({}, { $set: { licenseType: 'standard' } });
  // Three active people hold licenses.
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 10, seatsFree: 7, proSeats: 2, proSeatsFree: 2 } },
  );
});

describe('/ub license', () => {
  it('shows licenses used and free, standard and Pro', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['new@example.com'] });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.text).toBe('Licenses: 4 of 10 in use, 6 free; Pro: 0 of 2 in use');
    expect(text(post.blocks)).toContain('1 pending');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
  });

  it('is refused to a plain user', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'license' });
    expect(text(await t.fake.waitForResponsePost(responseUrl))).toContain('Only ub admins can do that');
  });
});

describe('/ub license seats', () => {
  it('sets the licenses and Pro licenses', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license seats 1,000 --pro 20' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(text(post.blocks)).toContain('The account now has 1,000 licenses, 20 of them Pro.');
    expect(post.text).toBe('Licenses: 3 of 1,000 in use, 997 free; Pro: 0 of 20 in use');
    expect(await org()).toMatchObject({ seats: 1000, seatsFree: 997, proSeats: 20, proSeatsFree: 20 });
    expect(await t.store.auditEntries.findOne({ action: 'license.set_seats' }).lean()).toMatchObject({
      source: 'command',
      after: { seats: 1000, proSeats: 20 },
    });
  });

  it('refuses to go below the licenses in use, saying how many', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license seats 2 --pro 1' });
    expect(text(await t.fake.waitForResponsePost(responseUrl))).toContain('3 licenses are in use');
    expect(await org()).toMatchObject({ seats: 10, seatsFree: 7 });
  });

  it('refuses bad numbers in the ack and non-admins after it', async () => {
    const bad = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license seats many' });
    expect(text(bad.ack.body)).toContain('`&lt;seats&gt;` must be a whole number');
    const user = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'license seats 50' });
    expect(text(await t.fake.waitForResponsePost(user.responseUrl))).toContain('Only ub admins can do that');
    expect(await org()).toMatchObject({ seats: 10 });
  });

  it('opens a form filled with the current counts, and shows errors under its fields', async () => {
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license seats' });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    expect(open.ok).toBe(true);
    const view = typeof open.args.view === 'string' ? (JSON.parse(open.args.view) as unknown) : open.args.view;
    expect(validateView(view)).toEqual([]);
    expect(text(view)).toContain('"initial_value":"10"');

    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'license.seats.submit',
      values: {
        seats: { seats: { type: 'number_input', value: '5' } },
        pro: { pro: { type: 'number_input', value: '9' } },
      },
    });
    expect(ack.body).toEqual({
      response_action: 'errors',
      errors: { pro: 'Pro licenses are part of the licenses: at most as many.' },
    });

    const saved = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'license.seats.submit',
      privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
      values: {
        seats: { seats: { type: 'number_input', value: '40' } },
        pro: { pro: { type: 'number_input', value: '4' } },
      },
    });
    expect(saved.ack.body).toBeUndefined();
    await t.fake.waitForCall('chat.postEphemeral', (c) => String(c.args.text).startsWith('Licenses: 3 of 40'));
    expect(await org()).toMatchObject({ seats: 40, seatsFree: 37, proSeats: 4 });
  });
});

describe('/ub license pro', () => {
  it('gives Pro by @mention and takes it back with --remove', async () => {
    const give = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license pro <@U_LEARNER|learner>' });
    expect((await t.fake.waitForResponsePost(give.responseUrl)).text).toBe(
      ':white_check_mark: You gave learner@example.com a Pro license.',
    );
    expect(await org()).toMatchObject({ proSeatsFree: 1 });
    const remove = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license pro learner@example.com --remove' });
    expect((await t.fake.waitForResponsePost(remove.responseUrl)).text).toBe(
      ':white_check_mark: You took the Pro license back from learner@example.com; they keep a standard license.',
    );
    expect(await org()).toMatchObject({ proSeatsFree: 2 });
  });

  it('says when no Pro license is left', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { proSeatsFree: 0 } });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license pro learner@example.com' });
    expect(text(await t.fake.waitForResponsePost(responseUrl))).toContain(
      'the account has 2 Pro licenses and 2 are in use',
    );
  });
});
