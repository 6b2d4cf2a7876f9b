import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeSlack } from '../support/fake-slack/index.js';
import { SlackDriver } from '../support/slack-driver.js';

/**
 * `npm start` as a newcomer runs it: the built app (what `npm start` runs after building) with only
 * the signing secret and bot token set, on the embedded database it starts itself.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let fake: FakeSlack;
let dataDir: string;
let child: ChildProcess;
let output = '';
let port: number;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (pattern.test(output)) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`no ${pattern} in output:\n${output}`));
      }
    }, 50);
  });
}

beforeAll(async () => {
  fake = await FakeSlack.start();
  dataDir = mkdtempSync(path.join(tmpdir(), 'ub-start-'));
  port = await freePort();
  child = spawn(process.execPath, [path.join(rootDir, 'dist/src/main.js')], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      SLACK_SIGNING_SECRET: 'start-secret',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      UB_DATA_DIR: dataDir,
      UB_EMBEDDED_DB: 'ferretdb',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForOutput(/ub listening on port/, 60_000);
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await fake.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start with only SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN', () => {
  it('starts on the embedded database and says which one and where its files are', () => {
    expect(output).toContain(`embedded database: FerretDB on SQLite, files in ${path.join(dataDir, 'ferretdb')}`);
    expect(output).toMatch(/database: ferretdb-sqlite/);
  });

  it('answers /ub help sent by the driver', async () => {
    const slack = new SlackDriver({
      appUrl: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: 'start-secret',
      fakeSlack: fake,
    });
    const { ack, responseUrl } = await slack.slashCommand({ userId: 'UNEWCOMER', text: 'help' });
    expect(ack.status).toBe(200);
    expect((await fake.waitForResponsePost(responseUrl)).text).toBe('ub commands');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM received, shutting down');
  }, 30_000);
});

describe('npm start with a bad configuration', () => {
  it('stops with one line per bad variable and no stack trace', async () => {
    const bad = spawn(process.execPath, [path.join(rootDir, 'dist/src/main.js')], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? '', SLACK_BOT_TOKEN: 'not-a-token', PORT: 'http' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    bad.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
    expect(code).toBe(1);
    expect(text.trim().split('\n')).toEqual([
      'ub: configuration: SLACK_SIGNING_SECRET is required: the Signing Secret from the Slack app\'s "Basic Information" page',
      'ub: configuration: SLACK_BOT_TOKEN must be a bot token starting with xoxb-',
      'ub: configuration: PORT must be a port number between 0 and 65535',
      'ub: see .env.example for every variable',
    ]);
  });
});
