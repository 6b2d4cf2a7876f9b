import type { Agenda } from 'agenda';
import type { DatabaseConnection } from './db/connection.js';
import type { Logger } from './logger.js';
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
  /** The organization's learning site (UB_LEARNING_URL), linked from invitation DMs and the welcome. */
  learningUrl: string | undefined;
  /** How replies on a response_url are retried (slack/response-url.ts has the default; tests pass a quicker one). */
  responseUrlRetry?: ResponseUrlRetryPolicy;
}
