import type { Agenda } from 'agenda';
import type { DatabaseConnection } from './db/connection.js';
import type { Logger } from './logger.js';
import type { WorkspaceClients } from './slack/workspace-clients.js';
import type { ResponseUrlRetryPolicy } from './slack/response-url.js';
import type { Store } from './services/store.js';

/** What handlers and jobs are given; built once by app.ts and passed down, never imported. */
export interface AppDeps {
  store: Store;
  db: DatabaseConnection;
  jobs: Agenda;
  log: Logger;
  now: () => Date;
  /** Base of links the app sends (export downloads). */
  publicUrl: string;
  bootstrapAdmins: string[];
  /**
   * How a finished export reaches its requester: keys that sign download links (the first signs,
   * all verify), and the base of the link; no base (Socket Mode without PUBLIC_URL) uploads the
   * file into the DM instead.
   */
  exportLinks: { keys: Buffer[]; baseUrl: string | undefined };
  /** Slack clients for jobs, which run outside any request. */
  slack: WorkspaceClients;
  /** Agenda's lock lifetime: a running job touches its lock at least every third of it. */
  jobLockLifetimeMs: number;
  /** The organization's learning site (UB_LEARNING_URL), linked from invitation DMs and the welcome. */
  learningUrl: string | undefined;
  /** How replies on a response_url are retried (slack/response-url.ts has the default; tests pass a quicker one). */
  responseUrlRetry?: ResponseUrlRetryPolicy;
}
