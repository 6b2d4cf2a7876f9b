import { asSlackMessages } from './problems.js';
import type { RateLimiter } from './rate-limit.js';
import type { FakeSlackState, RecordedCall, SlackError } from './state.js';

export type Args = Record<string, unknown>;
export type MethodResult = { ok: true; body: Record<string, unknown> } | ({ ok: false } & SlackError);

export interface MethodContext {
  state: FakeSlackState;
  baseUrl: string;
  /** The call being answered, for notes such as a missing text fallback. */
  record: RecordedCall;
  chatLimiter: RateLimiter;
}

export type MethodHandler = (args: Args, ctx: MethodContext) => MethodResult;

export const TEAM_ID = 'T_TEST';
export const BOT_USER_ID = 'U_BOT';
export const BOT_ID = 'B_TEST';
export const APP_ID = 'A_TEST';

export const ok = (body: Record<string, unknown> = {}): MethodResult => ({ ok: true, body });

export const fail = (error: string, extra?: Record<string, unknown>): MethodResult => ({
  ok: false,
  error,
  ...(extra ? { extra } : {}),
});

/** Slack names each problem in response_metadata.messages (and in `errors` for blocks). */
export const failWithProblems = (error: string, problems: string[]): MethodResult => {
  const messages = asSlackMessages(problems);
  return fail(error, {
    ...(error === 'invalid_blocks' ? { errors: messages.map((m) => m.replace(/^\[ERROR\] /, '')) } : {}),
    response_metadata: { messages },
  });
};

export const INVALID_JSON = Symbol('invalid-json');

/** A field that @slack/web-api sends JSON-encoded in a form body, or as is in a JSON body. */
export function jsonField(args: Args, name: string): unknown {
  const value = args[name];
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return INVALID_JSON;
  }
}

/** A required string argument, or undefined when it is missing or empty (Slack treats both alike). */
export function stringArg(args: Args, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}
