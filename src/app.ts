import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { App, LogLevel } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Agenda } from 'agenda';
import type { Config } from './config.js';
import { connectDatabase } from './db/connection.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.js';
import type { AppDeps } from './deps.js';
import { createJobRunner, stopJobRunner } from './jobs/agenda.js';
import { defineJobs, scheduleRecurringJobs, scheduleStartupJobs } from './jobs/index.js';
import { registerSlackHandlers } from './slack/listeners/register.js';
import { createLogger, type Logger } from './logger.js';
import { ensureOrganization } from './services/organization-repository.js';
import { createStore, ensureIndexes } from './services/store.js';
import { mongoInstallationStore } from './slack/installation-store.js';
import { healthRoute } from './slack/health-route.js';
import { createSocketModeLink, type SocketModeLink } from './slack/socket-mode-receiver.js';

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
    const store = createStore(db.connection);
    await ensureIndexes(store);

    const jobs = createJobRunner({
      connection: db.connection,
      ...(options.jobPollInterval !== undefined ? { processEvery: options.jobPollInterval } : {}),
      ...(options.jobLockLifetimeMs !== undefined ? { lockLifetimeMs: options.jobLockLifetimeMs } : {}),
      log: (line, error) => log.error(line, { error }),
    });
    // Agenda prepares its collection as soon as it is built, with no catch: closing the database under it
    // (a start that fails early, such as a refused app-level token) would be an unhandled rejection.
    await jobs.ready;
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

    const { bolt, socketMode } = createBolt(config, deps, engine, options.slackRetryConfig);
    registerSlackHandlers(bolt, deps);
    const port = socketMode ? await socketMode.start() : await listenForSlack(bolt, config.port);
    stack.push(() => (socketMode ? socketMode.stop() : bolt.stop().then(() => undefined)));
    if (config.slack.kind === 'single-workspace') await ensureWorkspaceOrganization(bolt, deps);

    await startJobs(jobs, deps);
    stack.push(() => stopJobRunner(jobs));
    log.info(startedLine(config, port, engine));
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

/** Bolt in the mode the configuration asks for; in Socket Mode, with the link that starts and stops it. */
function createBolt(
  config: Config,
  deps: AppDeps,
  engine: string,
  retryConfig: RetryOptions | undefined,
): { bolt: App; socketMode: SocketModeLink | undefined } {
  const clientOptions = { slackApiUrl: config.slackApiUrl, ...(retryConfig ? { retryConfig } : {}) };
  const customRoutes = [healthRoute(deps.db, engine)];
  const logLevel = LogLevel[config.logLevel.toUpperCase() as keyof typeof LogLevel];
  const token = config.slack.kind === 'single-workspace' ? { token: config.slack.botToken } : {};
  const oauth =
    config.slack.kind === 'oauth'
      ? {
          clientId: config.slack.clientId,
          clientSecret: config.slack.clientSecret,
          stateSecret: config.slack.stateSecret,
          scopes: botScopes,
          installationStore: mongoInstallationStore(deps.store, {
            bootstrapAdmins: deps.bootstrapAdmins,
            now: deps.now,
          }),
        }
      : undefined;
  const installer = oauth ? { directInstall: true } : {};
  if (config.slack.socketMode && config.appToken) {
    // The receiver holds the OAuth installer (Bolt takes authorize from it) and serves /healthz and the install pages on PORT.
    const receiverOptions = {
      appToken: config.appToken,
      logLevel,
      customRoutes,
      ...oauth,
      // A copy: the Socket Mode client writes its own retry policy into the client options it is given.
      installerOptions: { ...installer, port: config.port, clientOptions: { ...clientOptions } },
    };
    const socketMode = createSocketModeLink(receiverOptions, deps.log);
    return { bolt: new App({ clientOptions, logLevel, ...token, receiver: socketMode.receiver }), socketMode };
  }
  const bolt = new App({
    signingSecret: config.signingSecret,
    clientOptions,
    logLevel,
    customRoutes,
    ...token,
    ...oauth,
    installerOptions: installer,
  });
  return { bolt, socketMode: undefined };
}

/** HTTP mode: Bolt's receiver answers Slack, /healthz and the install pages on one server. */
async function listenForSlack(bolt: App, port: number): Promise<number> {
  const server = await bolt.start(port);
  return (server.address() as AddressInfo).port;
}

/** Which mode, and what the port serves: the line a newcomer checks first. */
function startedLine(config: Config, port: number, engine: string): string {
  const oauth = config.slack.kind === 'oauth';
  const routes = [
    ...(config.slack.socketMode ? [] : ['POST /slack/events']),
    'GET /healthz',
    ...(oauth ? ['GET /slack/install', 'GET /slack/oauth_redirect'] : []),
  ];
  const transport = config.slack.socketMode ? 'Socket Mode (connected to Slack over a WebSocket)' : 'HTTP';
  const workspaces = oauth ? 'OAuth installs, many workspaces' : 'single workspace';
  return `ub listening on port ${port} (${routes.join(', ')}); Slack: ${transport}, ${workspaces}; database: ${engine}`;
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

async function startJobs(jobs: Agenda, deps: AppDeps): Promise<void> {
  await jobs.start();
  await scheduleRecurringJobs(jobs);
  await scheduleStartupJobs(jobs, deps);
}
