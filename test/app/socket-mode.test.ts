import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitForBulkRuns } from '../support/bulk-runs.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createUser } from '../support/factories.js';
import { validateView } from '../support/fake-slack/index.js';
import { buildSlashCommand } from '../support/payload-factories.js';

/**
 * The app in Socket Mode, in process: the same commands, clicks, submissions and events as over
 * HTTP, delivered as envelopes on the app's WebSocket to the fake Slack and acked on it.
 */
let t: TestApp;
const text = (body: unknown) => JSON.stringify(body);

beforeAll(async () => {
  t = await startTestApp({ via: 'socket-mode' });
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@example.com', realName: 'Bob Builder' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 10 } });
});
afterAll(async () => {
  await t.stop();
});

describe('starting in Socket Mode', () => {
  it('opens one connection with the app-level token and gets hello', async () => {
    const open = t.fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ ok: true, token: t.fake.appToken });
    expect(t.fake.socketMode.connections).toEqual([expect.objectContaining({ id: 1, open: true, accepting: true })]);
  });

  it('still serves GET /healthz on PORT', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { state: 'up' } });
  });

  it('says in its log which mode it runs in and which port serves /healthz', () => {
    const port = new URL(t.url).port;
    expect(t.logs.join('\n')).toContain(
      `ub listening on port ${port} (GET /healthz, GET /exports/<id>); Slack: Socket Mode (connected to Slack over a WebSocket), single workspace`,
    );
  });
});

describe('a slash command envelope', () => {
  it('is acked on the socket by its envelope_id and answered at its response_url', async () => {
    const { ack, responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'help' });
    expect(ack.envelopeId).toBeDefined();
    expect(t.fake.socketMode.acksOf(ack.envelopeId!)).toEqual([
      expect.objectContaining({ unexpected: false, connectionId: 1 }),
    ]);
    expect((await t.fake.waitForResponsePost(responseUrl)).text).toBe('What you can do in ub');
  });

  it('carries a refusal in the ack, as over HTTP', async () => {
    const { ack } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite x@example.com --role boss' });
    expect(text(ack.body)).toContain('`--role` must be one of: user, admin, group_admin');
  });
});

describe('interactive envelopes', () => {
  it('a button click (block_actions) is acked and acted on', async () => {
    const invite = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite bob@example.com' });
    expect((await t.fake.waitForResponsePost(invite.responseUrl)).text).toBe(
      'Invitations: 1 done, 0 skipped, 0 failed',
    );
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_BOB');

    const click = await t.slack.blockAction({
      userId: 'U_BOB',
      actionId: 'invitation.accept',
      value: 'accept',
      channelId: 'D_BOB',
    });
    expect(click.ack.body).toBeUndefined();
    expect(text(await t.fake.waitForResponsePost(click.responseUrl))).toContain('You have joined');
    expect(await t.store.users.findById('T_TEST:bob@example.com').lean()).toMatchObject({
      status: 'active',
      slackUserId: 'U_BOB',
    });
  });

  it('a modal submission with bad fields gets its field errors back in the ack, and the fake records them', async () => {
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'invite.submit',
      values: { emails: { value: { type: 'plain_text_input', value: 'nope' } } },
    });
    const expected = { response_action: 'errors', errors: { emails: 'Not email addresses: nope' } };
    expect(ack.body).toEqual(expected);
    expect(t.fake.socketMode.acksOf(ack.envelopeId!)).toEqual([expect.objectContaining({ payload: expected })]);
    const delivered = t.fake.socketMode.deliveries.find((d) => d.envelope.envelope_id === ack.envelopeId);
    expect(delivered?.envelope).toMatchObject({
      type: 'interactive',
      accepts_response_payload: true,
      payload: { type: 'view_submission' },
    });
  });

  it('a valid modal submission is acked empty (the modal closes) and carried out', async () => {
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'invite.submit',
      privateMetadata: JSON.stringify({ c: 'C_TEAM', x: {} }),
      values: { emails: { value: { type: 'plain_text_input', value: 'form@example.com' } } },
    });
    expect(ack.body).toBeUndefined();
    const reply = await t.fake.waitForCall('chat.postEphemeral', (c) => c.args.channel === 'C_TEAM');
    expect(reply.ok).toBe(true);
    // An invite from the form runs as a job: started at once, carried out just after.
    await waitForBulkRuns(t.store);
    expect(await t.store.invitations.findById('T_TEST:form@example.com').lean()).toMatchObject({ status: 'pending' });
  });
});

describe('an events_api envelope', () => {
  const homeOpened = (user: string, eventId: string, retryNum?: number) =>
    t.slack.event({
      event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.0' },
      eventId,
      ...(retryNum !== undefined ? { retryNum, retryReason: 'timeout' } : {}),
    });

  it('app_home_opened publishes the Home tab', async () => {
    const ack = await homeOpened('U_ADMIN', 'Ev-socket-home-1');
    expect(ack.status).toBe(200);
    const publish = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_ADMIN');
    expect(publish.ok).toBe(true);
    expect(validateView(publish.args.view)).toEqual([]);
  });

  it('delivered again with a retry_attempt, acts once', async () => {
    const publishes = () => t.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U_BOB').length;
    await homeOpened('U_BOB', 'Ev-socket-home-2');
    await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_BOB');
    const retry = await homeOpened('U_BOB', 'Ev-socket-home-2', 1);
    expect(retry.status).toBe(200);
    const delivered = t.fake.socketMode.deliveries.find((d) => d.envelope.envelope_id === retry.envelopeId);
    expect(delivered?.envelope).toMatchObject({ type: 'events_api', retry_attempt: 1, retry_reason: 'timeout' });
    // The duplicate is dropped after its ack; a later event for the same user shows the queue moved past it.
    await homeOpened('U_ADMIN', 'Ev-socket-home-3');
    await t.fake.waitForCall(
      'views.publish',
      () => t.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'U_ADMIN').length >= 2,
    );
    expect(publishes()).toBe(1);
  });
});

describe('an envelope delivered again with the same envelope_id', () => {
  it('is acked again but acted on once: Bolt does not deduplicate envelopes, the replay memory does', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 10 } });
    const responseUrl = t.fake.createResponseUrl();
    const command = buildSlashCommand({
      text: 'license seats 11',
      user_id: 'U_ADMIN',
      response_url: responseUrl,
      trigger_id: t.fake.issueTriggerId(),
    });
    const link = t.fake.socketMode;
    await link.deliver('slash_commands', { ...command }, { envelopeId: 'env-redelivered-1' });
    await t.fake.waitForResponsePost(responseUrl);
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10 } });
    await link.deliver('slash_commands', { ...command }, { envelopeId: 'env-redelivered-1' });
    for (let waited = 0; link.acksOf('env-redelivered-1').length < 2; waited += 20) {
      if (waited > 5000) throw new Error('the redelivered envelope was not acked');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect((await t.store.organizations.findById('T_TEST').lean().exec())?.seats).toBe(10);
    expect(t.fake.responsePosts(responseUrl)).toHaveLength(1);
  });
});
