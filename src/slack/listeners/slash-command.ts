import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { buildCommandRequest, newRequestId } from './build-request.js';
import { problemMessage } from '../../views/error-blocks.js';
import { withErrorReply } from '../kit/reply-on-error.js';
import type { CommandRouter } from '../kit/router.js';

/**
 * The `/ub` listener: route, then ack within Slack's 3 seconds, then do the work and answer on the
 * response_url. Input problems are answered in the ack itself: nothing to wait for.
 */
export function slashCommandListener(router: CommandRouter, deps: AppDeps) {
  return async ({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
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
        respond,
      },
      client,
      deps,
    );
    if (route.kind === 'modal') {
      await ack();
      await withErrorReply(request, () => route.subcommand.openModal(request));
      return;
    }
    // An in-channel reply shows the command itself in the channel too, so people see what was asked.
    await ack(route.subcommand.reply === 'in_channel' ? { response_type: 'in_channel' } : undefined);
    await withErrorReply(request, () => route.run(request), { hints: route.hints });
  };
}
