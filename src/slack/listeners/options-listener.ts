import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { toUbError } from '../../services/errors.js';
import type { Options } from '../kit/options.js';
import { buildCommandRequest } from './build-request.js';

/**
 * The Bolt listener for one options provider: the answer is the ack itself, so the options are
 * loaded first. A refusal or a failure answers with no options (Slack shows "no results"); the
 * person finds out why when they submit, and the log says it now.
 */
export function optionsListener(provider: Options, deps: AppDeps) {
  return async ({
    ack,
    body,
    client,
  }: SlackOptionsMiddlewareArgs<'block_suggestion'> & AllMiddlewareArgs): Promise<void> => {
    const request = buildCommandRequest(
      {
        orgId: body.team?.id ?? body.user.team_id ?? '',
        slackUserId: body.user.id,
        channelId: body.channel?.id,
        triggerId: undefined,
        source: 'modal',
        responseUrl: undefined,
      },
      client,
      deps,
    );
    try {
      await ack({ options: await provider.load(request, body.value ?? '') });
    } catch (error) {
      const ubError = toUbError(error);
      const context = {
        requestId: request.requestId,
        errorId: ubError.id,
        code: ubError.code,
        actionId: body.action_id,
      };
      if (ubError.code === 'internal')
        deps.log.error('options failed', { ...context, error: ubError.cause ?? ubError });
      else deps.log.info(`options refused: ${ubError.message}`, context);
      await ack({ options: [] });
    }
  };
}
