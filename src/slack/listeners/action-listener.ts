import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { buildCommandRequest } from './build-request.js';
import { problemMessage } from '../../views/error-blocks.js';
import type { Action, ActionRequest } from '../kit/action.js';
import type { HomePublisher } from '../kit/request.js';
import { withErrorReply } from '../kit/reply-on-error.js';

/** Matches `<actionId>` and `<actionId>:<anything>` (unique ids for repeated buttons). */
export function actionIdPattern(actionId: string): RegExp {
  return new RegExp(`^${actionId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:.*)?$`);
}

/** The Bolt listener for one action: ack at once, then run it and answer on the response_url. */
export function actionListener(action: Action, deps: AppDeps, home?: HomePublisher) {
  return async ({
    ack,
    body,
    action: element,
    client,
  }: SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const channelId = body.channel?.id ?? body.container?.channel_id;
    const base = buildCommandRequest(
      {
        orgId: body.team?.id ?? body.user.team_id ?? '',
        slackUserId: body.user.id,
        channelId,
        triggerId: body.trigger_id,
        source: 'button',
        responseUrl: 'response_url' in body ? body.response_url : undefined,
      },
      client,
      deps,
      home,
    );
    const request: ActionRequest = {
      ...base,
      message: body.message ? { ts: body.message.ts, channelId } : undefined,
      fromHome: body.view?.type === 'home',
    };
    const value =
      'value' in element && typeof element.value === 'string'
        ? element.value
        : 'selected_option' in element && element.selected_option
          ? element.selected_option.value
          : undefined;
    await withErrorReply(request, async () => {
      const outcome = await action.run(request, value);
      if (outcome === 'invalid') {
        deps.log.warn('slack: button value not understood', {
          requestId: request.requestId,
          actionId: element.action_id,
        });
        await request.reply(
          problemMessage({ problems: ['This button is out of date. Run the command again to get a fresh one.'] }),
        );
      }
    });
  };
}
