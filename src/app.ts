import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { HTTPReceiver, LogLevel, type App } from '@slack/bolt';
import { LogLevel as WebLogLevel, WebClient, type RetryOptions } from '@slack/web-api';
import type { Agenda } from 'agenda';
import type { Config } from './config.js';
import { connectDatabase } from './db/connection.js';
import { checkDatabaseEngine } from './db/engine-check.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.js';
import type { AppDeps } from './deps.js';
import { createJobRunner, stopJobRunner } from './jobs/agenda.js';
import { defineJobs, scheduleRecurringJobs, scheduleStartupJobs } from './jobs/index.js';
import { registerSlackHandlers } from './slack/listeners/register.js';
import { createLogger, type Logger } from './logger.js';
import { ensureOrganization } from './services/organization-repository.js';
import { createStore, ensureIndexes } from './services/store.js';
import { backfillPendingCounters } from './services/invitations/invitation-repository.js';
import { mongoInstallationStore } from './slack/installation-store.js';
import { slackClientOptions } from './slack/client-options.js';
import { GuardedApp, REPLAY_PROPERTY, type RequestTeam } from './slack/request-guard.js';
import { FRESHNESS_SECONDS, SLACK_SIGNATURE } from './slack/signed-request.js';
import { signedRequestFront } from './slack/signed-request-front.js';
import { findInstallation } from './services/slack-installation-repository.js';
import { healthRoute } from './slack/health-route.js';
import { exportDownloadRoute } from './slack/export-download-route.js';
import { exportLinkKey } from './services/exports/export-links.js';
import { welcomeFirstAdmin } from './slack/welcome.js';
import { createSocketModeLink, type SocketModeLink } from './slack/socket-mode-receiver.js';
import { SLACK_JOB_RETRY } from './slack/client-options.js';
import { workspaceClients } from './slack/workspace-clients.js';
import type { ResponseUrlRetryPolicy } from './slack/response-url.js';

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
   * Retry policy of every Web API client, instead of slack/client-options.ts's SLACK_RETRY (request
   * handlers) and SLACK_JOB_RETRY (jobs); tests pass a quicker one so a call that fails does not
   * outlive the test.
   */
  slackRetryConfig?: RetryOptions;
  /** How replies on a response_url are retried (tests pass a quicker one). */
  responseUrlRetry?: ResponseUrlRetryPolicy;
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
    await backfillPendingCounters(store);

    const lockLifetimeMs = options.jobLockLifetimeMs ?? config.jobs.lockLifetimeMs;
    const jobs = createJobRunner({
      connection: db.connection,
      processEvery: options.jobPollInterval ?? config.jobs.pollMs,
      lockLifetimeMs,
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
      exportLinks: {
        keys: config.signingSecrets.map(exportLinkKey),
        baseUrl: config.publicUrlSet || !config.slack.socketMode ? config.publicUrl : undefined,
      },
      slack: workspaceClients({
        slack: config.slack,
        store,
        slackApiUrl: config.slackApiUrl,
        retryConfig: options.slackRetryConfig ?? SLACK_JOB_RETRY,
        logLevel: config.logLevel,
      }),
      jobLockLifetimeMs: lockLifetimeMs,
      learningUrl: config.learningUrl,
      ...(options.responseUrlRetry ? { responseUrlRetry: options.responseUrlRetry } : {}),
    };
    defineJobs(jobs, deps);

    // Known before the first request: in single-workspace mode the guard refuses every other team.
    const workspaceTeamId =
      config.slack.kind === 'single-workspace'
        ? await ensureWorkspaceOrganization(config.slack.botToken, config, deps, options.slackRetryConfig)
        : undefined;
    const { bolt, socketMode } = createBolt(config, deps, engine, options.slackRetryConfig, workspaceTeamId);
    registerSlackHandlers(bolt, deps);
    const port = socketMode ? await socketMode.start() : await listenForSlack(bolt, config.port);
    stack.push(() => (socketMode ? socketMode.stop() : bolt.stop().then(() => undefined)));

    await startJobs(jobs, deps);
    stack.push(() => stopJobRunner(jobs));
    log.info(startedLine(config, port, `${engine} (${databaseServer})`));
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
  workspaceTeamId: string | undefined,
): { bolt: App; socketMode: SocketModeLink | undefined } {
  const clientOptions = () => slackClientOptions({ slackApiUrl: config.slackApiUrl, retryConfig });
  const customRoutes = [healthRoute(deps.db, engine), exportDownloadRoute(deps, deps.exportLinks.keys)];
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
            // The installer is the workspace's first admin: the welcome says what to set up first.
            onInstalled: async ({ teamId, installerId, botToken }) => {
              if (!botToken) return;
              await welcomeFirstAdmin({
                store: deps.store,
                client: new WebClient(botToken, clientOptions()),
                orgId: teamId,
                slackUserId: installerId,
                installed: true,
                log: deps.log,
              });
            },
          }),
        }
      : undefined;
  // Each receiver gets its own copy: Bolt and the Socket Mode client write into the options they are given.
  const installerOptions = { ...(oauth ? { directInstall: true } : {}), clientOptions: clientOptions() };
  const guard = {
    store: deps.store,
    log: deps.log,
    now: deps.now,
    servesTeam: (team: RequestTeam) => servesTeam(deps, workspaceTeamId, team),
  };
  if (config.slack.socketMode && config.appToken) {
    // The receiver holds the OAuth installer (Bolt takes authorize from it) and serves /healthz and the install pages on PORT.
    const receiverOptions = {
      appToken: config.appToken,
      logLevel,
      customRoutes,
      ...oauth,
      installerOptions: { ...installerOptions, port: config.port },
      // Envelopes are not signed; the replay memory takes their id instead (Bolt does not deduplicate them).
      customPropertiesExtractor: (args: { envelope_id?: unknown }) =>
        typeof args.envelope_id === 'string'
          ? {
              [REPLAY_PROPERTY]: {
                replayKey: `envelope:${args.envelope_id}`,
                rememberUntil: new Date(deps.now().getTime() + 2 * FRESHNESS_SECONDS * 1000),
              },
            }
          : {},
    };
    const socketMode = createSocketModeLink(receiverOptions, deps.log);
    const bolt = new GuardedApp(
      { clientOptions: clientOptions(), logLevel, ...token, receiver: socketMode.receiver },
      guard,
    );
    return { bolt, socketMode };
  }
  // Bolt's own signature check is off: the front checks freshness both ways and knows every current secret.
  const front = signedRequestFront({
    paths: [SLACK_EVENTS_PATH],
    scheme: SLACK_SIGNATURE,
    secrets: config.signingSecrets,
    now: deps.now,
    log: deps.log,
  });
  const receiver = new HTTPReceiver({
    signingSecret: config.signingSecrets[0] ?? '',
    signatureVerification: false,
    endpoints: [SLACK_EVENTS_PATH],
    logLevel,
    customRoutes,
    ...oauth,
    installerOptions,
    customPropertiesExtractor: (req) => {
      const verified = front.verified(req);
      return verified ? { [REPLAY_PROPERTY]: verified } : {};
    },
  });
  receiver.requestListener = front.wrap(receiver.requestListener);
  const bolt = new GuardedApp({ clientOptions: clientOptions(), logLevel, ...token, receiver }, guard);
  return { bolt, socketMode: undefined };
}

const SLACK_EVENTS_PATH = '/slack/events';

/** Single workspace: the team auth.test named at start. OAuth: a team (or enterprise) with an installation. */
async function servesTeam(deps: AppDeps, workspaceTeamId: string | undefined, team: RequestTeam): Promise<boolean> {
  if (workspaceTeamId !== undefined) return team.teamId === workspaceTeamId;
  if (!(team.isEnterpriseInstall ? team.enterpriseId : team.teamId)) return false;
  return (await findInstallation(deps.store, team)) !== undefined;
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
    'GET /exports/<id>',
    ...(oauth ? ['GET /slack/install', 'GET /slack/oauth_redirect'] : []),
  ];
  const transport = config.slack.socketMode ? 'Socket Mode (connected to Slack over a WebSocket)' : 'HTTP';
  const workspaces = oauth ? 'OAuth installs, many workspaces' : 'single workspace';
  return `ub listening on port ${port} (${routes.join(', ')}); Slack: ${transport}, ${workspaces}; database: ${engine}`;
}

/**
 * The bot scopes the code calls; manifest.yml lists the same. im:write and im:history let a bulk run
 * resumed after a crash look in its DM with someone for a message it may have posted just before
 * (conversations.open, conversations.history), so no DM goes out twice (decision 016). files:write
 * uploads an export into the DM when ub has no public URL; files:read downloads a CSV shared for
 * an import (decision 027).
 */
export const botScopes = [
  'commands',
  'chat:write',
  'users:read',
  'users:read.email',
  'im:write',
  'im:history',
  'files:write',
  'files:read',
];

/**
 * In single-workspace mode the organization exists from the first start, with its bootstrap
 * admins; returns the workspace's team id, the only one ub then serves.
 */
async function ensureWorkspaceOrganization(
  botToken: string,
  config: Config,
  deps: AppDeps,
  retryConfig: RetryOptions | undefined,
): Promise<string> {
  const client = new WebClient(botToken, {
    ...slackClientOptions({ slackApiUrl: config.slackApiUrl, retryConfig }),
    logLevel: WebLogLevel.ERROR,
  });
  const auth = await client.auth.test();
  if (!auth.team_id) throw new Error('auth.test did not return a team id: check SLACK_BOT_TOKEN');
  await ensureOrganization(deps.store, {
    orgId: auth.team_id,
    ...(auth.team ? { name: auth.team } : {}),
    bootstrapAdmins: deps.bootstrapAdmins,
  });
  return auth.team_id;
}

async function startJobs(jobs: Agenda, deps: AppDeps): Promise<void> {
  await jobs.start();
  await scheduleRecurringJobs(jobs);
  await scheduleStartupJobs(jobs, deps);
}
