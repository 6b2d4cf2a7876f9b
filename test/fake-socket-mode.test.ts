import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { WebSocket } from 'ws';
import { FakeSlack, fakeSlackClient, quietLogger, slackError } from './support/fake-slack/index.js';
import { REFRESH_GRACE_MS } from './support/fake-socket-mode/index.js';
import { buildBlockActionPayload, buildSlashCommand, buildViewSubmissionPayload } from './support/payload-factories.js';

/**
 * The fake Socket Mode link, against Bolt's own Socket Mode client: what a green Socket Mode test
 * of ub relies on. The client's ping timeout is short here so that its reconnections (one ping
 * timeout after a close) take about a second.
 */
let fake: FakeSlack;
let app: App;
let receiver: SocketModeReceiver;

beforeAll(async () => {
  fake = await FakeSlack.start();
  receiver = new SocketModeReceiver({
    appToken: fake.appToken,
    clientPingTimeout: 900,
    // Bolt logs each dropped connection as an error; here they are on purpose.
    logger: quietLogger,
    installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
  });
  app = new App({
    token: 'xoxb-test',
    receiver,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.command('/ub', async ({ ack, command }) => ack(`got ${command.text}`));
  app.action('go', async ({ ack }) => ack());
  app.view('form', async ({ ack }) => ack({ response_action: 'errors', errors: { name: 'Say a name.' } }));
  await app.start();
});
afterAll(async () => {
  // Bolt's stop() does not wait for the close handshake; stopping the fake first would leave its 30-second timer.
  const disconnected = new Promise((resolve) => receiver.client.once('disconnected', resolve));
  await app.stop();
  await disconnected;
  await fake.stop();
});

/**
 * A bare WebSocket client on a fresh apps.connections.open URL, for what Bolt's client never does.
 * While open it is the newest connection, so envelopes go to it rather than to Bolt.
 */
async function rawClient(): Promise<{
  ws: WebSocket;
  messages: Array<Record<string, unknown>>;
  close(): Promise<void>;
}> {
  const { url } = await fakeSlackClient(fake, fake.appToken).apps.connections.open();
  const ws = new WebSocket(url!);
  const messages: Array<Record<string, unknown>> = [];
  ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const { id } = await fake.socketMode.waitForConnections(fake.socketMode.connections.length);
  const close = async () => {
    ws.terminate();
    await fake.socketMode.waitForClose(id);
  };
  return { ws, messages, close };
}

describe('apps.connections.open', () => {
  it('takes the app-level token only, as Slack does, and hands out a ws:// URL', async () => {
    const { url } = await fakeSlackClient(fake, fake.appToken).apps.connections.open();
    expect(url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/link/\\?ticket=`));
    expect((await slackError(fakeSlackClient(fake, 'xoxb-test').apps.connections.open())).error).toBe(
      'not_allowed_token_type',
    );
    expect((await slackError(fakeSlackClient(fake, 'xapp-other').apps.connections.open())).error).toBe('invalid_auth');
    expect((await slackError(fakeSlackClient(fake, null).apps.connections.open())).error).toBe('not_authed');
  });

  it('refuses the app-level token for every other method', async () => {
    const refused = await slackError(
      fakeSlackClient(fake, fake.appToken).chat.postMessage({ channel: 'C1', text: 'hi' }),
    );
    expect(refused.error).toBe('not_allowed_token_type');
  });

  it('gives URLs that open one connection each, and says hello on it', async () => {
    const first = await rawClient();
    await fake.socketMode.waitForConnections(fake.socketMode.connections.length);
    expect(first.messages[0]).toMatchObject({
      type: 'hello',
      num_connections: 2,
      connection_info: { app_id: 'A_TEST' },
    });
    const second = new WebSocket(first.ws.url);
    await expect(new Promise((resolve, reject) => second.once('open', resolve).once('error', reject))).rejects.toThrow(
      /401/,
    );
    await first.close();
  });
});

describe('envelopes and acks with Bolt as the app', () => {
  it('delivers a slash command and records its ack, with the response it carries, by envelope_id', async () => {
    const id = await fake.socketMode.deliver('slash_commands', { ...buildSlashCommand({ text: 'help' }) });
    expect(await fake.socketMode.waitForAck(id)).toMatchObject({
      envelopeId: id,
      payload: { text: 'got help' },
      unexpected: false,
    });
    const { envelope } = fake.socketMode.deliveries.find((d) => d.envelope.envelope_id === id)!;
    expect(envelope).toMatchObject({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/ub', text: 'help' },
    });
  });

  it('delivers a click as an interactive envelope whose ack carries nothing', async () => {
    const id = await fake.socketMode.deliver('interactive', buildBlockActionPayload({ actionId: 'go' }));
    expect((await fake.socketMode.waitForAck(id)).payload).toEqual({});
    expect(fake.socketMode.deliveries.at(-1)?.envelope.accepts_response_payload).toBe(false);
  });

  it("records a view submission's field errors returned in the ack", async () => {
    const id = await fake.socketMode.deliver('interactive', buildViewSubmissionPayload({ callbackId: 'form' }));
    expect((await fake.socketMode.waitForAck(id)).payload).toEqual({
      response_action: 'errors',
      errors: { name: 'Say a name.' },
    });
  });

  it('marks an ack of an envelope never sent, or acked already, as unexpected', async () => {
    const raw = await rawClient();
    const id = await fake.socketMode.deliver('slash_commands', { ...buildSlashCommand({ text: 'once' }) });
    raw.ws.send(JSON.stringify({ envelope_id: id, payload: {} }));
    raw.ws.send(JSON.stringify({ envelope_id: id, payload: {} }));
    raw.ws.send(JSON.stringify({ envelope_id: 'never-sent', payload: {} }));
    await fake.socketMode.waitForAck('never-sent');
    expect(fake.socketMode.acksOf(id).map((a) => a.unexpected)).toEqual([false, true]);
    expect(fake.socketMode.acksOf('never-sent')[0]?.unexpected).toBe(true);
    expect(raw.messages[1]).toMatchObject({ envelope_id: id, type: 'slash_commands' });
    await raw.close();
  });
});

describe('refreshes and drops', () => {
  const connected = () => fake.socketMode.connections.filter((c) => c.open).length;

  it('after refresh_requested sends nothing more on that connection; Bolt reconnects and gets the next envelope', async () => {
    const before = fake.socketMode.connections.length;
    const old = fake.socketMode.connections.findLast((c) => c.open)!;
    fake.socketMode.disconnect('refresh_requested');
    const pending = fake.socketMode.deliver('slash_commands', { ...buildSlashCommand({ text: 'after refresh' }) });
    const fresh = await fake.socketMode.waitForConnections(before + 1);
    const ack = await fake.socketMode.waitForAck(await pending);
    expect(ack).toMatchObject({ connectionId: fresh.id, payload: { text: 'got after refresh' } });
    expect(fake.socketMode.connections.find((c) => c.id === old.id)).toMatchObject({
      open: false,
      disconnectReason: 'refresh_requested',
    });
  });

  it('after a warning, Bolt reconnects too', async () => {
    const before = fake.socketMode.connections.length;
    fake.socketMode.disconnect('warning');
    await fake.socketMode.waitForConnections(before + 1);
    const id = await fake.socketMode.deliver('interactive', buildBlockActionPayload({ actionId: 'go' }));
    expect((await fake.socketMode.waitForAck(id)).connectionId).toBe(before + 1);
  });

  it('a dropped connection (no close frame) is noticed by Bolt, which reconnects', async () => {
    const before = fake.socketMode.connections.length;
    fake.socketMode.drop();
    const pending = fake.socketMode.deliver('slash_commands', { ...buildSlashCommand({ text: 'after drop' }) });
    await fake.socketMode.waitForConnections(before + 1);
    expect((await fake.socketMode.waitForAck(await pending)).payload).toEqual({ text: 'got after drop' });
    expect(connected()).toBe(1);
  });

  it(`closes a connection itself ${REFRESH_GRACE_MS} ms after link_disabled when the app does not`, async () => {
    const { ws, messages } = await rawClient();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    fake.socketMode.disconnect('link_disabled');
    expect(await closed).toBe(1000);
    expect(messages.map((m) => m.type)).toEqual(['hello', 'disconnect']);
    expect(messages[1]).toMatchObject({ reason: 'link_disabled' });
  });
});
