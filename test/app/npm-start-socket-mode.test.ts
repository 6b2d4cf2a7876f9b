import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeSlack } from '../support/fake-slack/index.js';
import { SlackDriver } from '../support/slack-driver.js';
import { startUb, type StartedUb, type UbProcess } from '../support/ub-process.js';

/**
 * The README's laptop path: `npm start` with only the signing secret, the bot token and an
 * app-level token, no public URL. Slack reaches the app over Socket Mode (the fake's link, with
 * Bolt's real reconnection delays); /healthz stays on PORT.
 */
let fake: FakeSlack;
let slack: SlackDriver;
let started: StartedUb;
let ub: UbProcess;
let port: number;

beforeAll(async () => {
  fake = await FakeSlack.start();
  slack = new SlackDriver({ via: 'socket-mode', fakeSlack: fake });
  started = await startUb(fake, { SLACK_APP_TOKEN: fake.appToken });
  ({ ub, port } = started);
}, 90_000);

afterAll(async () => {
  await started?.cleanup();
  await fake.stop();
});

/** Sends /ub help and returns where its answer goes, once the app has acked it. */
async function help(userId: string): Promise<{ responseUrl: string; envelopeId: string }> {
  const { ack, responseUrl } = await slack.slashCommand({ userId, text: 'help' });
  return { responseUrl, envelopeId: ack.envelopeId ?? '' };
}

/** Every command acked once on the socket and answered once at its response_url, after the last answer came. */
async function expectEachAnsweredOnce(commands: Array<{ responseUrl: string; envelopeId: string }>): Promise<void> {
  for (const { responseUrl } of commands)
    expect((await fake.waitForResponsePost(responseUrl, undefined, 20_000)).text).toBe('What you can do in ub');
  for (const { responseUrl, envelopeId } of commands) {
    expect(fake.socketMode.acksOf(envelopeId).map((a) => a.unexpected)).toEqual([false]);
    expect(fake.responsePosts(responseUrl)).toHaveLength(1);
  }
}

describe('npm start with SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_APP_TOKEN', () => {
  it('connects in Socket Mode with the app-level token and says which port serves /healthz', () => {
    expect(ub.output).toContain(
      `ub listening on port ${port} (GET /healthz, GET /exports/<id>); Slack: Socket Mode (connected to Slack over a WebSocket), single workspace; database: ferretdb-sqlite`,
    );
    expect(fake.callsTo('apps.connections.open').map((c) => [c.token, c.ok])).toEqual([[fake.appToken, true]]);
    expect(fake.socketMode.connections).toHaveLength(1);
  });

  it('serves GET /healthz on PORT', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { state: 'up', engine: 'ferretdb-sqlite' } });
  });

  it('acks /ub help on the socket and answers it at the response_url', async () => {
    const command = await help('UNEWCOMER');
    expect(fake.socketMode.acksOf(command.envelopeId)).toHaveLength(1);
    await expectEachAnsweredOnce([command]);
  });

  it('reconnects after refresh_requested; commands before, during and after are each answered once', async () => {
    const before = await help('UBEFORE01');
    const connections = fake.socketMode.connections.length;
    fake.socketMode.disconnect('refresh_requested');
    // Sent while the app has no connection that takes envelopes: delivered once it is back.
    const during = await help('UDURING01');
    const after = await help('UAFTER001');
    expect(fake.socketMode.connections).toHaveLength(connections + 1);
    expect(fake.socketMode.connections.at(-2)).toMatchObject({ open: false, disconnectReason: 'refresh_requested' });
    await expectEachAnsweredOnce([before, during, after]);
    expect(ub.output).toMatch(
      /slack: Socket Mode connection closed, reconnecting[\s\S]*slack: Socket Mode reconnected/,
    );
  }, 60_000);

  it('reconnects after the connection drops without a close frame; a command acked just before is still answered once', async () => {
    const inFlight = await help('UINFLIGHT');
    const connections = fake.socketMode.connections.length;
    fake.socketMode.drop();
    const during = await help('UDURING02');
    const after = await help('UAFTER002');
    expect(fake.socketMode.connections).toHaveLength(connections + 1);
    await expectEachAnsweredOnce([inFlight, during, after]);
  }, 60_000);

  it('shuts down cleanly on SIGTERM, closing its connection', async () => {
    expect(await ub.stop('SIGTERM')).toBe(0);
    expect(ub.output).toContain('SIGTERM received, shutting down');
    expect(fake.socketMode.connections.every((c) => !c.open)).toBe(true);
  }, 30_000);
});
