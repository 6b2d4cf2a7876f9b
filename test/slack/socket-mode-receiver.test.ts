import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { LogLevel, type CustomRoute } from '@slack/bolt';
import { createLogger } from '../../src/logger.js';
import { createSocketModeLink, type SocketModeLink } from '../../src/slack/socket-mode-receiver.js';
import { FakeSlack, quietLogger } from '../support/fake-slack/index.js';
import { freePort } from '../support/ub-process.js';

/** The Socket Mode receiver with its HTTP server in hand, against the fake Slack's Socket Mode link. */
let fake: FakeSlack;
let logs: string[];
let link: SocketModeLink | undefined;

const okRoute: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => res.writeHead(200).end('ok'),
};

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function socketModeLink(port: number, appToken = fake.appToken): SocketModeLink {
  link = createSocketModeLink(
    {
      appToken,
      logger: quietLogger,
      logLevel: LogLevel.ERROR,
      // Short, so that a reconnection (one ping timeout after the close) takes about a second here.
      clientPingTimeout: 900,
      customRoutes: [okRoute],
      installerOptions: { port, clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
    },
    createLogger('info', (line) => logs.push(line)),
  );
  return link;
}

beforeEach(async () => {
  fake = await FakeSlack.start();
  logs = [];
  link = undefined;
});
afterEach(async () => {
  await link?.stop();
  await fake.stop();
});

describe('createSocketModeLink', () => {
  it('listens on the port it is given (0 picks one), says which, then connects to Slack', async () => {
    const port = await socketModeLink(0).start();
    expect(port).toBeGreaterThan(0);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).text()).toBe('ok');
    expect(fake.socketMode.connections).toEqual([expect.objectContaining({ open: true })]);
  });

  it('reports a port in use as a start-up error, before contacting Slack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    try {
      await expect(socketModeLink((taken.address() as AddressInfo).port).start()).rejects.toThrow(/EADDRINUSE/);
      expect(fake.callsTo('apps.connections.open')).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('turns a refused app-level token into what SLACK_APP_TOKEN must be, and frees the port', async () => {
    const port = await freePort();
    await expect(socketModeLink(port, 'xapp-revoked').start()).rejects.toThrow(
      'Slack refused the Socket Mode connection (invalid_auth): SLACK_APP_TOKEN must be an app-level token (xapp-…) of this app with the connections:write scope',
    );
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('stops by closing the connection and the port, and waits for both', async () => {
    const port = await socketModeLink(0).start();
    await link!.stop();
    link = undefined;
    expect((await fake.socketMode.waitForClose(1)).open).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('logs when Slack refreshes the connection and when it is back', async () => {
    await socketModeLink(0).start();
    fake.socketMode.disconnect('refresh_requested');
    await fake.socketMode.waitForConnections(2);
    await waitUntil(() => logs.some((line) => line.includes('slack: Socket Mode reconnected')));
    expect(logs.filter((line) => line.includes('Socket Mode')).map((line) => line.replace(/^\S+ /, ''))).toEqual([
      'INFO slack: Socket Mode connection closed, reconnecting',
      'INFO slack: Socket Mode reconnected',
    ]);
  });
});
