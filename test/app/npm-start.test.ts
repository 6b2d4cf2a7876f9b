import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeSlack } from '../support/fake-slack/index.js';
import { SlackDriver } from '../support/slack-driver.js';
import { startUb, UbProcess, type StartedUb } from '../support/ub-process.js';

/**
 * `npm start` as a newcomer runs it: the built app (what `npm start` runs after building) with only
 * the signing secret and bot token set, on the embedded database it starts itself.
 */
let fake: FakeSlack;
let started: StartedUb;
let ub: UbProcess;
let port: number;
let dataDir: string;

beforeAll(async () => {
  fake = await FakeSlack.start();
  started = await startUb(fake);
  ({ ub, port, dataDir } = started);
}, 90_000);

afterAll(async () => {
  await started?.cleanup();
  await fake.stop();
});

describe('npm start with only SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN', () => {
  it('starts on the embedded database and says which one and where its files are', () => {
    expect(ub.output).toContain(`embedded database: FerretDB on SQLite, files in ${path.join(dataDir, 'ferretdb')}`);
    expect(ub.output).toContain(
      `ub listening on port ${port} (POST /slack/events, GET /healthz, GET /exports/<id>); Slack: HTTP, single workspace; database: ferretdb-sqlite`,
    );
  });

  it('answers /ub help sent by the driver', async () => {
    const slack = new SlackDriver({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: 'start-secret',
      fakeSlack: fake,
    });
    const { ack, responseUrl } = await slack.slashCommand({ userId: 'UNEWCOMER', text: 'help' });
    expect(ack.status).toBe(200);
    expect((await fake.waitForResponsePost(responseUrl)).text).toBe('What you can do in ub');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    expect(await ub.stop('SIGTERM')).toBe(0);
    expect(ub.output).toContain('SIGTERM received, shutting down');
  }, 30_000);
});

describe('npm start with a bad configuration', () => {
  it('names every missing variable in one go on a first start with an empty .env', async () => {
    const empty = UbProcess.start({}, dataDir);
    expect(await empty.ended).toBe(1);
    expect(empty.output.trim().split('\n')).toEqual([
      'ub: configuration: SLACK_SIGNING_SECRET is required: the Signing Secret from the Slack app\'s "Basic Information" page',
      'ub: configuration: SLACK_BOT_TOKEN is required: set SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-…, from "OAuth & Permissions"), or SLACK_CLIENT_ID/SECRET/STATE_SECRET for several workspaces',
      'ub: see .env.example for every variable',
    ]);
  });

  it('stops with one line per bad variable and no stack trace', async () => {
    const bad = UbProcess.start({ SLACK_BOT_TOKEN: 'not-a-token', PORT: 'http' }, dataDir);
    expect(await bad.ended).toBe(1);
    expect(bad.output.trim().split('\n')).toEqual([
      'ub: configuration: SLACK_SIGNING_SECRET is required: the Signing Secret from the Slack app\'s "Basic Information" page',
      'ub: configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'ub: configuration: PORT must be a port number between 0 and 65535',
      'ub: see .env.example for every variable',
    ]);
  });
});
