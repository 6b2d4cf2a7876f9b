import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import type { Feature } from '../kit/feature.js';
import { buildCommandRequest } from './build-request.js';

/** Publishes the App Home tab when someone opens it. Publishing twice is harmless, so retries are too. */
export function appHomeListener(homeTab: NonNullable<Feature['homeTab']>, deps: AppDeps) {
  return async ({
    event,
    body,
    client,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const request = buildCommandRequest(
      {
        orgId: body.team_id,
        slackUserId: event.user,
        channelId: undefined,
        triggerId: undefined,
        source: 'event',
        responseUrl: undefined,
      },
      client,
      deps,
    );
    try {
      const view = await homeTab(request, await request.serviceContext());
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      // Nobody is waiting on an answer here: log it, Slack shows the previous Home tab.
      deps.log.error('app home: could not publish', { requestId: request.requestId, user: event.user, error });
    }
  };
}
