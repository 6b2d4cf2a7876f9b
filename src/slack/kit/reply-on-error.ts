import { toUbError } from '../../services/errors.js';
import { commandButton } from '../../views/command-button.js';
import { problemMessage } from '../../views/error-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { ReplyNotDelivered } from '../response-url.js';
import type { CommandRequest } from './request.js';

/**
 * The one place a handler's failure becomes an answer: the user sees a short message (with a
 * reference for failures that are ours), the log gets the same reference with the stack.
 * A UbError's message is plain text that may quote what people typed or stored (a group name,
 * an address), so it is escaped here, at the reply, like every other piece of such text.
 */
export async function withErrorReply(
  request: CommandRequest,
  run: () => Promise<void>,
  options: {
    hints?: string[];
    /**
     * The command that asks for the same thing as a request (`request group add …`): a refusal
     * (not_authorized) then carries a "Request approval" button that runs it.
     */
    askInstead?: string;
  } = {},
): Promise<void> {
  try {
    await run();
  } catch (error) {
    // The answer itself could not be posted, after retries: already logged with the request id, and no way left to tell them.
    if (error instanceof ReplyNotDelivered) return;
    const ubError = toUbError(error);
    const ours =
      ubError.code === 'internal' || ubError.code === 'database_unavailable' || ubError.code === 'slack_unavailable';
    const context = { requestId: request.requestId, errorId: ubError.id, code: ubError.code };
    if (ours)
      request.deps.log.error(`request failed: ${ubError.message}`, { ...context, error: ubError.cause ?? ubError });
    else request.deps.log.info(`request refused: ${ubError.message}`, context);
    try {
      // Hints on how the command was typed (already mrkdwn) help with what it could not find or take, not with refusals.
      const hints = ubError.code === 'not_found' || ubError.code === 'invalid_input' ? (options.hints ?? []) : [];
      const message = problemMessage({
        problems: [escapeMrkdwn(ubError.message), ...hints],
        ...(ours ? { errorId: ubError.id } : {}),
      });
      if (ubError.code === 'not_authorized' && options.askInstead) {
        message.text = `${message.text}\nYou can ask for it instead: Request approval.`;
        message.blocks.push({
          type: 'actions',
          block_id: 'ask_instead',
          elements: [commandButton('Request approval', options.askInstead, { style: 'primary', key: 'ask-instead' })],
        });
      }
      await request.reply(message);
    } catch (replyError) {
      request.deps.log.error('could not tell the user about a failure', { ...context, error: replyError });
    }
  }
}
