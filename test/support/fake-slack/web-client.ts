import {
  ErrorCode,
  LogLevel,
  WebClient,
  type Logger,
  type WebAPICallResult,
  type WebAPIPlatformError,
} from '@slack/web-api';
import type { FakeSlack } from './server.js';

/** The client logs every refused call; tests of the fake provoke refusals on purpose. */
export const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A real WebClient on the fake that surfaces errors at once: no retries, 429s rejected. `null`: no token at all. */
export function fakeSlackClient(fake: FakeSlack, token: string | null = 'xoxb-test'): WebClient {
  return new WebClient(token ?? undefined, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logger: quietLogger,
  });
}

const isPlatformError = (error: unknown): error is WebAPIPlatformError =>
  error instanceof Error && 'code' in error && error.code === ErrorCode.PlatformError;

/** What a refusal may carry besides `error`: block problems (`errors`) and, for missing_scope, the scopes. */
export type SlackErrorData = WebAPICallResult & { errors?: string[]; needed?: string; provided?: string };

/** The Slack error a call ends with (`{ ok: false, error }`); throws when the call succeeds or fails otherwise. */
export async function slackError(call: Promise<unknown>): Promise<{ error: string; data: SlackErrorData }> {
  try {
    await call;
  } catch (error) {
    if (isPlatformError(error)) return { error: error.data.error, data: error.data };
    throw error;
  }
  throw new Error('the call succeeded');
}
