import { createHmac } from 'node:crypto';
import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, isValidSlackRequest, LogLevel } from '@slack/bolt';
import { FakeSlack } from './support/fake-slack/index.js';
import { buildBlockActionPayload, buildSlashCommand, buildViewSubmissionPayload } from './support/payload-factories.js';
import { SlackDriver } from './support/slack-driver.js';
import { signSlackRequest } from './support/slack-signature.js';

const SECRET = 'driver-test-secret';

describe('signSlackRequest', () => {
  it('matches the example in Slack\'s "verifying requests" guide', () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toEqual({
      'x-slack-signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'x-slack-request-timestamp': '1531420618',
    });
  });

  it('is HMAC-SHA256 of "v0:<timestamp>:<body>" keyed by the signing secret', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const expected = createHmac('sha256', 'shh').update(`v0:1700000000:${body}`, 'utf8').digest('hex');
    expect(signSlackRequest('shh', body, 1700000000)['x-slack-signature']).toBe(`v0=${expected}`);
  });

  it('dates the request now unless told, and Bolt accepts it', () => {
    const before = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest(SECRET, 'a=b');
    expect(Number(headers['x-slack-request-timestamp'])).toBeGreaterThanOrEqual(before);
    expect(
      isValidSlackRequest({
        signingSecret: SECRET,
        body: 'a=b',
        headers: { ...headers, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) },
      }),
    ).toBe(true);
  });

  it('makes a stale request only by its timestamp: the signature over it is still right', () => {
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    const headers = signSlackRequest(SECRET, 'a=b', stale);
    expect(headers['x-slack-signature']).toBe(
      `v0=${createHmac('sha256', SECRET).update(`v0:${stale}:a=b`).digest('hex')}`,
    );
    const verify = (nowMilliseconds: number) =>
      isValidSlackRequest({
        signingSecret: SECRET,
        body: 'a=b',
        nowMilliseconds,
        headers: { ...headers, 'x-slack-request-timestamp': stale },
      });
    expect(verify(stale * 1000)).toBe(true);
    expect(verify(Date.now())).toBe(false);
  });
});

describe('payload factories', () => {
  it('build a slash command with workspace defaults and the given overrides', () => {
    expect(buildSlashCommand({ text: 'help' })).toMatchObject({
      command: '/ub',
      text: 'help',
      team_id: 'T_TEST',
      team_domain: 'test',
      channel_id: 'C_GENERAL',
      api_app_id: 'A_TEST',
    });
  });

  it('build a click in a message with a response_url, and in a modal without one', () => {
    expect(buildBlockActionPayload({ actionId: 'go', value: '1', responseUrl: 'https://r' })).toMatchObject({
      type: 'block_actions',
      actions: [{ type: 'button', action_id: 'go', value: '1' }],
      container: { type: 'message' },
      response_url: 'https://r',
    });
    const inModal = buildBlockActionPayload({
      actionId: 'pick',
      selectedOption: { value: 'admin' },
      view: { id: 'V1', callback_id: 'role' },
    });
    expect(inModal).toMatchObject({
      actions: [{ type: 'static_select', selected_option: { value: 'admin' } }],
      container: { type: 'view', view_id: 'V1' },
      view: { id: 'V1', callback_id: 'role' },
    });
    expect(inModal).not.toHaveProperty('response_url');
  });

  it('build a modal submission around the given state values', () => {
    const values = { email: { email: { type: 'plain_text_input', value: 'a@b.c' } } };
    expect(buildViewSubmissionPayload({ callbackId: 'invite', values, privateMetadata: 'm' })).toMatchObject({
      type: 'view_submission',
      view: { callback_id: 'invite', private_metadata: 'm', state: { values } },
    });
  });
});

describe('SlackDriver against a Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let driver: SlackDriver;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    app = new App({
      signingSecret: SECRET,
      token: 'xoxb-test',
      clientOptions: { slackApiUrl: fake.apiUrl },
      logLevel: LogLevel.ERROR,
    });
    app.command('/ub', async ({ ack, respond, command }) => {
      await ack();
      await respond({
        response_type: 'ephemeral',
        text: `${command.user_id} said ${command.text} in ${command.channel_id}`,
      });
    });
    app.command('/ub-modal', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: { type: 'modal', title: { type: 'plain_text', text: 'Hello' }, blocks: [] },
      });
    });
    app.action('press', async ({ ack, respond, body }) => {
      await ack();
      await respond({ replace_original: true, text: `pressed by ${body.user.id}` });
    });
    app.view('form', async ({ ack, view }) => {
      await ack({
        response_action: 'errors',
        errors: { name: `got ${view.state.values.name?.name?.value ?? 'nothing'}` },
      });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Home' } }] },
      });
    });
    const server = await app.start(0);
    if (!(server instanceof Server)) throw new Error('Bolt did not start an HTTP server');
    const { port } = server.address() as AddressInfo;
    driver = new SlackDriver({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SECRET,
      fakeSlack: fake,
    });
  });

  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });

  it('sends a slash command, gets the empty 200 ack, and sees the respond() post at the response_url', async () => {
    const { ack, responseUrl, triggerId } = await driver.slashCommand({
      userId: 'UALICE01',
      text: 'hello',
      channelId: 'C_TEAM',
    });
    expect(ack).toMatchObject({ status: 200, body: undefined });
    expect(triggerId).toBeTruthy();
    expect(await driver.waitForResponse(responseUrl)).toEqual({
      response_type: 'ephemeral',
      text: 'UALICE01 said hello in C_TEAM',
    });
  });

  it('hands the app a trigger_id the fake accepts for views.open', async () => {
    await driver.slashCommand({ userId: 'UALICE01', text: '', command: '/ub-modal' });
    expect(await fake.waitForCall('views.open')).toMatchObject({ ok: true });
  });

  it('clicks a button and sees the message replaced through its response_url', async () => {
    const { ack, responseUrl } = await driver.blockAction({
      userId: 'UBOB0001',
      actionId: 'press',
      value: 'x',
      message: { ts: '1700000000.000200' },
    });
    expect(ack.status).toBe(200);
    expect(await fake.waitForResponsePost(responseUrl)).toEqual({
      replace_original: true,
      text: 'pressed by UBOB0001',
    });
  });

  it('submits a modal and reads the JSON ack with field errors', async () => {
    const { ack } = await driver.viewSubmission({
      userId: 'UALICE01',
      callbackId: 'form',
      values: { name: { name: { type: 'plain_text_input', value: 'Ada' } } },
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toEqual({ response_action: 'errors', errors: { name: 'got Ada' } });
    expect(ack.headers['content-type']).toContain('application/json');
  });

  it('delivers an event in an event_callback envelope, retries included', async () => {
    const ack = await driver.event({
      event: { type: 'app_home_opened', user: 'UALICE01', channel: 'DUALICE01', tab: 'home', event_ts: '1.2' },
      retryNum: 1,
      retryReason: 'http_timeout',
    });
    expect(ack.status).toBe(200);
    expect((await fake.waitForCall('views.publish')).args).toMatchObject({ user_id: 'UALICE01' });
  });

  it('gets 401 for a wrong signature and for a stale timestamp', async () => {
    const body = new URLSearchParams(Object.entries(buildSlashCommand({ text: 'hi' }))).toString();
    expect(
      (await driver.raw({ body, contentType: 'application/x-www-form-urlencoded', signature: 'wrong' })).status,
    ).toBe(401);
    expect(
      (await driver.raw({ body, contentType: 'application/x-www-form-urlencoded', signature: 'stale' })).status,
    ).toBe(401);
  });
});
