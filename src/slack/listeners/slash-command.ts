import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { buildCommandRequest, newRequestId } from './build-request.js';
import { problemMessage } from '../../views/error-blocks.js';
import { FormDidNotOpen } from '../kit/form-did-not-open.js';
import type { CommandRequest } from '../kit/request.js';
import { withErrorReply } from '../kit/reply-on-error.js';
import type { CommandRouter } from '../kit/router.js';
import { usageLine, type Subcommand } from '../kit/subcommand.js';

/**
 * The `/ub` listener: route, then ack within Slack's 3 seconds, then do the work and answer on the
 * response_url. Input problems are answered in the ack itself: nothing to wait for.
 */
export function slashCommandListener(router: CommandRouter, deps: AppDeps) {
  return async ({ command, ack, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const route = router.route(command.text ?? '');
    if (route.kind === 'problem') {
      const { text, blocks } = problemMessage(route);
      await ack({ response_type: 'ephemeral', text, blocks });
      deps.log.info('command refused', {
        requestId: newRequestId(),
        user: command.user_id,
        text: command.text,
        problems: route.problems,
      });
      return;
    }
    const request = buildCommandRequest(
      {
        orgId: command.team_id,
        slackUserId: command.user_id,
        channelId: command.channel_id,
        triggerId: command.trigger_id,
        source: 'command',
        responseUrl: command.response_url,
      },
      client,
      deps,
    );
    if (route.kind === 'modal') {
      await ack();
      await withErrorReply(request, () => openFormOrSayHow(request, route.subcommand, deps));
      return;
    }
    // An in-channel reply shows the command itself in the channel too, so people see what was asked.
    await ack(route.subcommand.reply === 'in_channel' ? { response_type: 'in_channel' } : undefined);
    const askInstead = requestVersion(router, command.text ?? '');
    await withErrorReply(request, () => route.run(request), {
      hints: route.hints,
      ...(askInstead ? { askInstead } : {}),
    });
  };
}

/** The longest command a button can carry (run-command.ts reads at most 200 characters). */
const MAX_BUTTON_COMMAND = 200;

/**
 * `request <text>` when that is a command ub runs (`/ub group add Data me` → `/ub request group
 * add Data me`): a refusal of the direct command then offers to send it as a request.
 */
function requestVersion(router: CommandRouter, text: string): string | undefined {
  const asked = `request ${text.trim()}`;
  if (asked.length > MAX_BUTTON_COMMAND) return undefined;
  const route = router.route(asked);
  return route.kind === 'run' ? asked : undefined;
}

/**
 * Opens the subcommand's form. When Slack does not open it (busy, or the trigger_id expired:
 * it lives 3 seconds, so there is no retry), the person is told so, with the command that does
 * the same thing typed out.
 */
async function openFormOrSayHow(request: CommandRequest, subcommand: Subcommand, deps: AppDeps): Promise<void> {
  try {
    await subcommand.openModal(request);
  } catch (error) {
    if (!(error instanceof FormDidNotOpen)) throw error;
    deps.log.warn('slack: a form did not open', { requestId: request.requestId, error: error.message });
    await request.reply(
      problemMessage({
        problems: [
          'The form could not open: Slack was busy or too slow. Nothing was changed. Type the command instead:',
        ],
        usage: usageLine(subcommand),
        helpCommand: `/ub help ${subcommand.name}`,
      }),
    );
  }
}
