import { authMethods } from './auth-methods.js';
import { chatMethods } from './chat-methods.js';
import { fileMethods } from './file-methods.js';
import { peopleMethods } from './people-methods.js';
import { fail, type Args, type MethodContext, type MethodHandler, type MethodResult } from './results.js';
import { APP_LEVEL_METHODS, socketModeMethods } from './socket-mode-methods.js';
import { viewMethods } from './view-methods.js';

/** The Web API methods ub uses, answering the way Slack does (shapes trimmed to what matters). */
const methods: Record<string, MethodHandler> = {
  ...authMethods,
  ...chatMethods,
  ...peopleMethods,
  ...viewMethods,
  ...fileMethods,
  ...socketModeMethods,
};

/** Methods Slack answers without a token: the OAuth exchange authenticates with client credentials. */
const tokenless = new Set(['oauth.v2.access']);

/**
 * Answers one call: authentication first (as Slack does, before looking at arguments), then a
 * failure the test forced, then the method itself. Slack tells a token's type by its prefix: an
 * app-level token (xapp-) opens Socket Mode connections and does nothing else, and only it does.
 */
export function callMethod(
  method: string,
  args: Args,
  token: string | undefined,
  ctx: MethodContext & { validTokens: Set<string> },
): MethodResult {
  const handler = methods[method];
  if (!handler) return fail('unknown_method', { req_method: method });
  if (!tokenless.has(method)) {
    if (!token) return fail('not_authed');
    if (APP_LEVEL_METHODS.has(method) !== token.startsWith('xapp-')) return fail('not_allowed_token_type');
    if (!ctx.validTokens.has(token)) return fail('invalid_auth');
  }
  const forced = ctx.state.forcedFailures.get(method)?.shift();
  if (forced) return { ok: false, ...forced };
  return handler(args, ctx);
}
