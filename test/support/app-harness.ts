import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startUbApp, type UbApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { Store } from '../../src/services/store.js';
import { FakeSlack } from './fake-slack/index.js';
import { SlackDriver } from './slack-driver.js';

export const TEST_TEAM_ID = 'T_TEST';
export const SIGNING_SECRET = 'test-signing-secret';

/** The environment of multi-workspace OAuth installs (no bot token): pass as `env` to startTestApp. */
export const OAUTH_ENV = {
  SLACK_BOT_TOKEN: '',
  SLACK_CLIENT_ID: 'client-id',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'state-secret',
};

export interface TestApp {
  app: UbApp;
  fake: FakeSlack;
  slack: SlackDriver;
  store: Store;
  orgId: string;
  /** Base URL of the app's HTTP server, e.g. http://127.0.0.1:PORT (in Socket Mode: /healthz and the install pages) */
  url: string;
  /** Lines the app logged, for asserting that an error was logged with its request id. */
  logs: string[];
  stop(): Promise<void>;
}

/**
 * The whole app as Slack sees it: started on a free port, on a fresh database of the run's
 * server, with its Web API client pointed at a local fake Slack. Tests talk to it only through
 * signed HTTP requests (the driver) and look at what it sent Slack (the fake).
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const baseUri = options.mongodbUri ?? process.env.UB_TEST_MONGODB_URI;
  if (!baseUri)
    throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest (test/support/global-setup.js)');
  const fake = await FakeSlack.start();
  try {
    return await startAppAgainst(fake, baseUri, options);
  } catch (error) {
    // A failed start must not leave the fake's server open: Jest would wait on it forever.
    await fake.stop();
    throw error;
  }
}

export interface TestAppOptions {
  env?: Record<string, string>;
  log?: Logger;
  /** Another server than the run's (a test that stops its database). */
  mongodbUri?: string;
  /**
   * How Slack reaches the app: signed HTTP to /slack/events (default), or Socket Mode (the app
   * gets SLACK_APP_TOKEN and connects to fake.socketMode; the driver sends envelopes there).
   */
  via?: 'http' | 'socket-mode';
  /** How often the job runner looks for due jobs (200 ms in tests; benchmarks use the production default). */
  jobPollInterval?: number;
}

async function startAppAgainst(fake: FakeSlack, baseUri: string, options: TestAppOptions): Promise<TestApp> {
  const dbName = `ubtest_${randomBytes(6).toString('hex')}`;
  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-test',
    SLACK_API_URL: fake.apiUrl,
    MONGODB_URI: withDatabase(baseUri, dbName),
    PORT: '0',
    PUBLIC_URL: 'https://ub.test',
    LOG_LEVEL: 'error',
    ...(options.via === 'socket-mode' ? { SLACK_APP_TOKEN: fake.appToken } : {}),
    ...options.env,
  });
  const logs: string[] = [];
  const log = options.log ?? createLogger('debug', (line) => logs.push(line));
  const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const app = await startUbApp(config, {
    rootDir,
    log,
    jobPollInterval: options.jobPollInterval ?? 200,
    jobLockLifetimeMs: 2000,
    slackRetryConfig: { retries: 1, factor: 1, minTimeout: 20, maxTimeout: 50 },
    responseUrlRetry: { maxAttempts: 4, firstDelayMs: 20, maxDelayMs: 100 },
  });
  const url = `http://127.0.0.1:${app.port}`;
  const slack =
    options.via === 'socket-mode'
      ? new SlackDriver({ via: 'socket-mode', fakeSlack: fake, teamId: TEST_TEAM_ID })
      : new SlackDriver({
          appUrl: `${url}/slack/events`,
          signingSecret: SIGNING_SECRET,
          fakeSlack: fake,
          teamId: TEST_TEAM_ID,
        });
  return {
    app,
    fake,
    slack,
    store: app.deps.store,
    orgId: TEST_TEAM_ID,
    url,
    logs,
    stop: async () => {
      await app.deps.store.connection.dropDatabase().catch(() => undefined);
      await app.stop();
      await fake.stop();
    },
  };
}

/** The same server, another database: one per test file keeps files independent. */
export function withDatabase(uri: string, dbName: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?/, `$1/${dbName}`);
}
