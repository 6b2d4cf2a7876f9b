import { LogLevel, WebClient, type RetryOptions, type WebClientOptions } from '@slack/web-api';

/**
 * The retry policy of every Web API client ub builds: Bolt's own, the per-workspace clients of
 * OAuth installs, the installer's and Socket Mode's. The client waits out a 429's Retry-After by
 * itself and retries 5xx and network failures; @slack/web-api's default keeps at it for about 30
 * minutes, far past anyone waiting on an answer. Four retries over about half a minute carry a
 * message through a rate limit or a passing Slack failure, then the error reaches the user.
 */
export const SLACK_RETRY: RetryOptions = {
  retries: 4,
  factor: 2,
  minTimeout: 1000,
  maxTimeout: 10_000,
  randomize: true,
};

/** Slack answers in well under a second; a call that hangs longer is retried rather than waited on. */
const CALL_TIMEOUT_MS = 20_000;

/** Options for every WebClient the app builds; `retryConfig` replaces SLACK_RETRY (tests pass a quick one). */
export function slackClientOptions(input: {
  slackApiUrl: string;
  retryConfig?: RetryOptions | undefined;
}): WebClientOptions {
  return { slackApiUrl: input.slackApiUrl, retryConfig: input.retryConfig ?? SLACK_RETRY, timeout: CALL_TIMEOUT_MS };
}

/** A trigger_id opens a form only within 3 seconds of the click or command that made it. */
const FORM_CALL_TIMEOUT_MS = 2500;

/**
 * The same workspace's client for `views.open`, which must not retry: a trigger_id lives 3
 * seconds, so a retry after a 429 or a 5xx would only meet `expired_trigger_id`. It fails at once
 * and the user is told to type the command instead.
 */
export function formOpeningClient(client: WebClient): WebClient {
  return new WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: FORM_CALL_TIMEOUT_MS,
    logLevel: LogLevel.ERROR,
  });
}
