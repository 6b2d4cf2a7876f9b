import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Agenda } from 'agenda';
import type { Config } from './config.js';
import { connectDatabase } from './db/connection.js';
import { checkDatabaseEngine } from './db/engine-check.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.js';
import type { AppDeps } from './deps.js';
import { createJobRunner, stopJobRunner } from './jobs/agenda.js';
import { defineJobs, scheduleRecurringJobs } from './jobs/index.js';
import { registerSlackHandlers } from './commands/index.js';
import { createLogger, type Logger } from './logger.js';
import { ensureOrganization } from './services/organizations.js';
import { createStore, ensureIndexes } from './services/store.js';
import { mongoInstallationStore } from './slack/installation-store.js';
import { healthRoute } from './slack/health-route.js';

export interface UbApp {
  /** The HTTP port actually listened on (PORT=0 picks a free one). */
  port: number;
  deps: AppDeps;
  bolt: App;
  /** Which database the app runs on, for logs and /healthz. */
  databaseEngine: string;
  /** Stops taking requests, lets jobs finish or releases their locks, closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Repository root, for the embedded database's tools and data folders. */
  rootDir: string;
  log?: Logger;
  /** Agenda's poll interval (tests use a short one). */
  jobPollInterval?: string | number;
  /** Agenda's lock lifetime (see createJobRunner). */
  jobLockLifetimeMs?: number;
  /**
   * Retry policy of every Web API client. The default (about 30 minutes of retries) is right for
   * production; tests pass a short one so a call that fails does not outlive the test.
   */
  slackRetryConfig?: RetryOptions;
}

/** Builds and starts everything: database, job runner, Bolt with its routes. */
export async function startUbApp(config: Config, options: StartOptions): Promise<UbApp> {
  const log = options.log ?? createLogger(config.logLevel);
  const stack: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step();
  };
  try {
    const { uri, engine, embedded } = await databaseUri(config, options.rootDir, log);
    if (embedded) stack.push(() => embedded.stop());
    const db = await connectDatabase({ uri, log: (line) => log.warn(line) });
    stack.push(() => db.close());
    // Refuses a server where single-document updates are not atomic (a FerretDB without the write front).
    const databaseServer = await checkDatabaseEngine(db.connection);
    const store = createStore(db.connection);
    await ensureIndexes(store);

    const jobs = createJobRunner({
      connection: db.connection,
      ...(options.jobPollInterval !== undefined ? { processEvery: options.jobPollInterval } : {}),
      ...(options.jobLockLifetimeMs !== undefined ? { lockLifetimeMs: options.jobLockLifetimeMs } : {}),
      log: (line, error) => log.error(line, { error }),
    });
    const deps: AppDeps = {
      store,
      db,
      jobs,
      log,
      now: () => new Date(),
      publicUrl: config.publicUrl,
      bootstrapAdmins: config.bootstrapAdmins,
    };
    defineJobs(jobs, deps);

    const bolt = createBolt(config, deps, engine, options.slackRetryConfig);
    registerSlackHandlers(bolt, deps);
    const server = (await bolt.start(config.port)) as Server | undefined;
    stack.push(() => bolt.stop().then(() => undefined));
    if (config.slack.kind === 'single-workspace') await ensureWorkspaceOrganization(bolt, deps);

    await startJobs(jobs);
    stack.push(() => stopJobRunner(jobs));
    const port = (server?.address() as AddressInfo | null)?.port ?? config.port;
    log.info(`ub listening on port ${port} (${config.slack.socketMode ? 'Socket Mode' : 'HTTP, POST /slack/events'}), database: ${engine} (${databaseServer})`);
    return { port, deps, bolt, databaseEngine: engine, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}

async function databaseUri(
  config: Config,
  rootDir: string,
  log: Logger,
): Promise<{ uri: string; engine: string; embedded: EmbeddedDatabase | undefined }> {
  if (config.mongodbUri) return { uri: config.mongodbUri, engine: 'MONGODB_URI', embedded: undefined };
  const embedded = await startEmbeddedDatabase({
    rootDir,
    dataDir: path.resolve(rootDir, config.dataDir),
    prefer: config.embeddedDb,
    log: (line) => log.info(line),
  });
  return { uri: embedded.uri, engine: embedded.engine, embedded };
}

function createBolt(config: Config, deps: AppDeps, engine: string, retryConfig: RetryOptions | undefined): App {
  const common = {
    signingSecret: config.signingSecret,
    clientOptions: { slackApiUrl: config.slackApiUrl, ...(retryConfig ? { retryConfig } : {}) },
    customRoutes: [healthRoute(deps.db, engine)],
    logLevel: LogLevel[config.logLevel.toUpperCase() as keyof typeof LogLevel],
    ...(config.slack.socketMode ? { socketMode: true, appToken: config.appToken, installerOptions: { port: config.port } } : {}),
  };
  if (config.slack.kind === 'single-workspace') return new App({ ...common, token: config.slack.botToken });
  return new App({
    ...common,
    clientId: config.slack.clientId,
    clientSecret: config.slack.clientSecret,
    stateSecret: config.slack.stateSecret,
    scopes: botScopes,
    installationStore: mongoInstallationStore(deps.store, { bootstrapAdmins: deps.bootstrapAdmins, now: deps.now }),
    installerOptions: { directInstall: true, ...(config.slack.socketMode ? { port: config.port } : {}) },
  });
}

/** The bot scopes the code calls; manifest.yml lists the same. */
export const botScopes = ['commands', 'chat:write', 'users:read', 'users:read.email'];

/** In single-workspace mode the organization exists from the first start, with its bootstrap admins. */
async function ensureWorkspaceOrganization(bolt: App, deps: AppDeps): Promise<void> {
  const auth = await bolt.client.auth.test();
  if (!auth.team_id) throw new Error('auth.test did not return a team id: check SLACK_BOT_TOKEN');
  await ensureOrganization(deps.store, {
    orgId: auth.team_id,
    ...(auth.team ? { name: auth.team } : {}),
    bootstrapAdmins: deps.bootstrapAdmins,
  });
}

async function startJobs(jobs: Agenda): Promise<void> {
  await jobs.start();
  await scheduleRecurringJobs(jobs);
}
