import { randomBytes } from 'node:crypto';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { createStore, type Store } from '../../src/services/store.js';
import { withDatabase } from './app-harness.js';
import { FakeSlack } from './fake-slack/index.js';
import { SlackDriver } from './slack-driver.js';
import { startUb, type StartedUb } from './ub-process.js';

export const KILLABLE_ORG = 'T_TEST';

/**
 * `npm start` as production runs it, in child processes that a test kills with SIGKILL and starts
 * again, all on one throw-away database of the test server (it survives the kills, as a real
 * database would, so the test can watch the work from outside) and one fake Slack without rate
 * limits (these tests are about crashes, not pacing).
 */
export interface KillableApp {
  fake: FakeSlack;
  store: Store;
  /** Starts one more `npm start` and a Slack driver signing for it. */
  start(): Promise<{ ub: StartedUb; slack: SlackDriver }>;
  /** A Slack driver for the process started last (still running). */
  driver(): SlackDriver;
  /** Polls until `condition` holds; on a timeout, says what was awaited, `state()` and the last output. */
  until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Kills every process started, drops the database, stops the fake. */
  stop(): Promise<void>;
}

export async function killableApp(options: {
  /** More environment for `npm start` (e.g. `UB_BOOTSTRAP_ADMINS`). */
  env?: Record<string, string>;
  /** What to print about the work when a wait times out. */
  state?: () => Promise<unknown>;
  /** Another server than the run's (a bench's engine). */
  mongodbUri?: string;
  /** Node or V8 options for every `npm start` (a bench trying a heap setting). */
  nodeArgs?: string[];
}): Promise<KillableApp> {
  const baseUri = options.mongodbUri ?? process.env.UB_TEST_MONGODB_URI;
  if (!baseUri) throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest');
  const fake = await FakeSlack.start({ chatBurst: 1_000_000, chatPerSecond: 1_000_000 });
  const dbName = `ubtest_${randomBytes(6).toString('hex')}`;
  const db: DatabaseConnection = await connectDatabase({ uri: baseUri, dbName });
  const env = {
    MONGODB_URI: withDatabase(baseUri, dbName),
    // A killed runner's job is taken over 2 s after its last touch; replicas look for jobs 5 times a second.
    UB_JOB_LOCK_LIFETIME_MS: '2000',
    UB_JOB_POLL_MS: '200',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const started: StartedUb[] = [];
  const driverFor = (ub: StartedUb) =>
    new SlackDriver({
      appUrl: `http://127.0.0.1:${ub.port}/slack/events`,
      signingSecret: 'start-secret',
      fakeSlack: fake,
      teamId: KILLABLE_ORG,
    });
  return {
    fake,
    store: createStore(db.connection),
    start: async () => {
      const ub = await startUb(fake, env, options.nodeArgs);
      started.push(ub);
      return { ub, slack: driverFor(ub) };
    },
    driver: () => {
      const last = started.at(-1);
      if (!last) throw new Error('no ub process was started');
      return driverFor(last);
    },
    until: async (what, condition, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await condition())) {
        if (Date.now() > deadline) {
          const state = options.state
            ? JSON.stringify(await options.state().catch(() => 'unknown'), null, 1).slice(0, 2000)
            : '';
          const output = started.at(-1)?.ub.output.split('\n').slice(-40).join('\n');
          throw new Error(`timed out waiting for ${what}\n${state ? `state: ${state}\n` : ''}last output:\n${output}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    stop: async () => {
      for (const ub of started) await ub.cleanup();
      await db.connection.dropDatabase().catch(() => undefined);
      await db.close();
      await fake.stop();
    },
  };
}
