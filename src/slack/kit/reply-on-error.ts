import { toUbError } from '../../services/errors.js';
import { problemMessage } from '../../views/error-blocks.js';
import type { CommandRequest } from './request.js';

/**
 * The one place a handler's failure becomes an answer: the user sees a short message (with a
 * reference for failures that are ours), the log gets the same reference with the stack.
 */
export async function withErrorReply(
  request: CommandRequest,
  run: () => Promise<void>,
  options: { hints?: string[] } = {},
): Promise<void> {
  try {
    await run();
  } catch (error) {
    const ubError = toUbError(error);
    const ours =
      ubError.code === 'internal' || ubError.code === 'database_unavailable' || ubError.code === 'slack_unavailable';
    const context = { requestId: request.requestId, errorId: ubError.id, code: ubError.code };
    if (ours)
      request.deps.log.error(`request failed: ${ubError.message}`, { ...context, error: ubError.cause ?? ubError });
    else request.deps.log.info(`request refused: ${ubError.message}`, context);
    try {
      // Hints on how the command was typed help with what it could not find or take, not with refusals.
      const hints = ubError.code === 'not_found' || ubError.code === 'invalid_input' ? (options.hints ?? []) : [];
      await request.reply(
        problemMessage({ problems: [ubError.message, ...hints], ...(ours ? { errorId: ubError.id } : {}) }),
      );
    } catch (replyError) {
      request.deps.log.error('could not tell the user about a failure', { ...context, error: replyError });
    }
  }
}
