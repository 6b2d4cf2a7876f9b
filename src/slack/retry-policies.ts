import type { RetryOptions } from '@slack/web-api';

/**
 * How long ub's Web API clients keep retrying a failed or rate-limited call. @slack/web-api's
 * default retries for about 30 minutes; nobody waits that long for a reply, and a job that
 * silently hangs for half an hour is worse than one that reports. A 429 waits out its
 * Retry-After inside the client (which pauses the client's whole queue: that is the pacing)
 * and then counts as one retry.
 */

/** Clients that answer a person who is waiting (Bolt's, in request handlers): a few seconds at most. */
export const interactiveRetryPolicy: RetryOptions = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 };

/**
 * Clients of background jobs (bulk runs, DMs paced by Slack's tiers): several Retry-After waits in a
 * row are normal there (users.lookupByEmail allows about 50 calls a minute), but not forever; a call
 * that still fails is reported by the job and retried on its next round.
 */
export const backgroundRetryPolicy: RetryOptions = { retries: 8, factor: 2, minTimeout: 1_000, maxTimeout: 30_000 };
