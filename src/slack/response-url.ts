import type { Logger } from '../logger.js';

/** Slack's rules for a response_url: it takes posts for 30 minutes, and at most 5 of them. */
export const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_POSTS = 5;

/** How hard to try one post: attempts in all, and the backoff between attempts after a 5xx. */
export interface ResponseUrlRetryPolicy {
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

/** About a minute of trying, then the answer is given up (and logged with the request id). */
export const DEFAULT_RESPONSE_URL_RETRY: ResponseUrlRetryPolicy = {
  maxAttempts: 6,
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
};

/** Each attempt waits at most this long for Slack to answer. */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** A reply that could not be posted: it was retried as long as made sense, and the failure logged. */
export class ReplyNotDelivered extends Error {
  override name = 'ReplyNotDelivered';
}

export interface ResponseUrl {
  /** Posts one message; retries 429s (after Retry-After) and 5xx within the URL's budget; throws ReplyNotDelivered. */
  post(body: Record<string, unknown>): Promise<void>;
}

/**
 * A response_url of one request. `post` is plain HTTP, outside the Web API client and its
 * retries, so it retries here: a 429 after the Retry-After Slack gives, a 5xx or a network
 * failure after a growing delay, never past the URL's 30 minutes or its 5 posts (counted here
 * for this request, so a retry never takes the post a later answer needs). A 4xx other than 429
 * (expired, used up, a payload Slack refuses) is final at once.
 */
export function responseUrl(options: {
  url: string;
  /** When Slack issued the URL: the request's arrival. */
  issuedAt: Date;
  requestId: string;
  log: Logger;
  policy?: ResponseUrlRetryPolicy;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}): ResponseUrl {
  const policy = options.policy ?? DEFAULT_RESPONSE_URL_RETRY;
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = options.issuedAt.getTime() + RESPONSE_URL_LIFETIME_MS;
  let posted = 0;

  const giveUp = (reason: string, attempts: number): ReplyNotDelivered => {
    options.log.error('slack: an answer was given up: the response_url did not take it', {
      requestId: options.requestId,
      reason,
      attempts,
    });
    return new ReplyNotDelivered(`the answer could not be posted to the response_url: ${reason}`);
  };

  return {
    post: async (body) => {
      if (posted >= RESPONSE_URL_MAX_POSTS) throw giveUp(`it has taken its ${RESPONSE_URL_MAX_POSTS} posts`, 0);
      for (let attempt = 1; ; attempt++) {
        if (now().getTime() >= deadline) throw giveUp('it expired (30 minutes)', attempt - 1);
        const outcome = await attemptPost(options.url, body);
        if (outcome.kind === 'ok') {
          posted += 1;
          return;
        }
        if (outcome.kind === 'final') throw giveUp(outcome.reason, attempt);
        const wait = outcome.retryAfterMs ?? Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (attempt - 1));
        if (attempt >= policy.maxAttempts) throw giveUp(`${outcome.reason}, ${attempt} attempts`, attempt);
        if (now().getTime() + wait >= deadline)
          throw giveUp(`${outcome.reason}, and it expires before a retry`, attempt);
        options.log.warn('slack: response_url post failed, retrying', {
          requestId: options.requestId,
          reason: outcome.reason,
          attempt,
          waitMs: wait,
        });
        await sleep(wait);
      }
    },
  };
}

type Outcome =
  { kind: 'ok' } | { kind: 'retry'; reason: string; retryAfterMs?: number } | { kind: 'final'; reason: string };

async function attemptPost(url: string, body: Record<string, unknown>): Promise<Outcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
    });
  } catch (error) {
    return { kind: 'retry', reason: `network: ${(error as Error).message}` };
  }
  const text = await response.text().catch(() => '');
  if (response.ok) return { kind: 'ok' };
  const reason = `HTTP ${response.status}${slackError(text)}`;
  if (response.status === 429) {
    const retryAfter = response.headers.get('retry-after')?.trim() ?? '';
    return /^\d{1,5}$/.test(retryAfter)
      ? { kind: 'retry', reason, retryAfterMs: Number(retryAfter) * 1000 }
      : { kind: 'retry', reason };
  }
  if (response.status >= 500) return { kind: 'retry', reason };
  return { kind: 'final', reason };
}

/** Slack names its refusals in the body (`{"ok":false,"error":"expired_url"}`): worth a log line. */
function slackError(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === 'string' ? ` ${parsed.error}` : '';
  } catch {
    return text ? ` ${text.slice(0, 100)}` : '';
  }
}
