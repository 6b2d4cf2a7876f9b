import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inviteUsers } from '../../src/services/invitations/invite-users.js';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app-harness.js';
import { buildContext, createUser } from '../support/factories.js';
import { SlackDriver } from '../support/slack-driver.js';
import { signSlackRequest } from '../support/slack-signature.js';

/**
 * What reaches ub's Slack endpoint must be signed, fresh (within 5 minutes either way) and new:
 * the same signed bytes sent again are answered 200 and do nothing.
 */
let t: TestApp;
const FORM = 'application/x-www-form-urlencoded';
const seats = async () => (await t.store.organizations.findById('T_TEST').lean().exec())?.seats;
const auditCount = (action: string) => t.store.auditEntries.countDocuments({ action });

beforeAll(async () => {
  t = await startTestApp({ env: { SLACK_SIGNING_SECRET: `${SIGNING_SECRET},previous-secret` } });
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_P1', email: 'p1@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 9 } });
});

describe('freshness, both ways', () => {
  it('refuses a command dated 10 minutes in the future with 401, and changes nothing', async () => {
    const { body, responseUrl } = t.slack.slashCommandBody({ userId: 'U_ADMIN', text: 'license seats 11' });
    const ack = await t.slack.raw({ body, contentType: FORM, signature: 'future' });
    expect(ack.status).toBe(401);
    // The same command, dated now, goes through: only the date was wrong.
    expect((await t.slack.raw({ body, contentType: FORM })).status).toBe(200);
    await t.fake.waitForResponsePost(responseUrl);
    expect(await seats()).toBe(11);
    expect(await auditCount('license.set_seats')).toBe(1);
  });

  it('refuses a command dated 10 minutes ago with 401, and changes nothing', async () => {
    const { body } = t.slack.slashCommandBody({ userId: 'U_ADMIN', text: 'license seats 12' });
    expect((await t.slack.raw({ body, contentType: FORM, signature: 'stale' })).status).toBe(401);
    expect(await seats()).toBe(10);
  });
});

describe('replays', () => {
  it('answers a replayed slash command with 200 and no effect', async () => {
    const before = await auditCount('license.set_seats');
    const { body, responseUrl } = t.slack.slashCommandBody({ userId: 'U_ADMIN', text: 'license seats 13' });
    const sentAt = Math.floor(Date.now() / 1000);
    expect((await t.slack.raw({ body, contentType: FORM, timestampSeconds: sentAt })).status).toBe(200);
    await t.fake.waitForResponsePost(responseUrl);
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10 } });
    for (let i = 0; i < 5; i++) {
      const replay = await t.slack.raw({ body, contentType: FORM, timestampSeconds: sentAt });
      expect(replay.status).toBe(200);
      expect(replay.body).toBeUndefined();
    }
    expect(await seats()).toBe(10);
    expect(await auditCount('license.set_seats')).toBe(before + 1);
    expect(t.fake.responsePosts(responseUrl)).toHaveLength(1);
  });

  it('answers a replayed button click with 200 and no effect: one resend, one audit entry', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['p1@example.com'] });
    const { body, responseUrl } = t.slack.blockActionBody({
      userId: 'U_ADMIN',
      actionId: 'invitations.resend:0',
      value: JSON.stringify({ p: 1, f: 'p1@example.com', e: 'p1@example.com' }),
    });
    const sentAt = Math.floor(Date.now() / 1000);
    expect((await t.slack.raw({ body, contentType: FORM, timestampSeconds: sentAt })).status).toBe(200);
    await t.fake.waitForResponsePost(responseUrl);
    for (let i = 0; i < 5; i++)
      expect((await t.slack.raw({ body, contentType: FORM, timestampSeconds: sentAt })).status).toBe(200);
    const invitation = await t.store.invitations.findById('T_TEST:p1@example.com').lean().exec();
    expect(invitation?.sendCount).toBe(2);
    expect(await auditCount('invitation.resend')).toBe(1);
    expect(t.fake.responsePosts(responseUrl)).toHaveLength(1);
  });

  it('remembers a request until its timestamp is too old to pass anyway, in a collection keyed by signature', async () => {
    const { body } = t.slack.slashCommandBody({ userId: 'U_ADMIN', text: 'help' });
    const sentAt = Math.floor(Date.now() / 1000);
    await t.slack.raw({ body, contentType: FORM, timestampSeconds: sentAt });
    const signature = signSlackRequest(SIGNING_SECRET, body, sentAt)['x-slack-signature'];
    const remembered = await t.store.requestSignatures.findById(signature).lean().exec();
    expect(remembered?.expiresAt).toEqual(new Date((sentAt + 300 + 60) * 1000));
  });

  it('still drops Slack’s own event retries by event_id (they carry new signatures)', async () => {
    const event = { type: 'app_home_opened', user: 'U_ADMIN', channel: 'D1', tab: 'home' };
    expect(await t.slack.event({ event, eventId: 'Ev-signed-1' })).toMatchObject({ status: 200 });
    await t.fake.waitForCall('views.publish');
    t.fake.reset();
    expect(await t.slack.event({ event, eventId: 'Ev-signed-1', retryNum: 1 })).toMatchObject({ status: 200 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.fake.callsTo('views.publish')).toHaveLength(0);
  });
});

describe('rotating the signing secret', () => {
  it('accepts requests signed with the previous secret while both are configured, and no other', async () => {
    const driver = (signingSecret: string) =>
      new SlackDriver({ appUrl: `${t.url}/slack/events`, signingSecret, fakeSlack: t.fake, teamId: 'T_TEST' });
    const previous = await driver('previous-secret').slashCommand({ userId: 'U_ADMIN', text: 'help' });
    expect(previous.ack.status).toBe(200);
    expect((await t.fake.waitForResponsePost(previous.responseUrl)).text).toBe('What you can do in ub');
    expect((await driver('some-other-secret').slashCommand({ userId: 'U_ADMIN', text: 'help' })).ack.status).toBe(401);
  });
});

describe('Slack’s certificate check', () => {
  it('answers ssl_check with 200 unsigned, and runs nothing smuggled in with it', async () => {
    const response = await fetch(`${t.url}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': FORM },
      body: 'ssl_check=1&token=x&command=%2Fub&text=license+seats+14&team_id=T_TEST&user_id=U_ADMIN',
    });
    expect(response.status).toBe(200);
    expect(await seats()).toBe(10);
  });
});
