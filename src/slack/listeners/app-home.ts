import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import type { Feature } from '../kit/feature.js';
import { buildCommandRequest } from './build-request.js';

/** Slack's limit of blocks in a Home tab. */
const HOME_BLOCKS = 100;

/** Publishes the App Home tab when someone opens it. Publishing twice is harmless, so retries are too. */
export function appHomeListener(
  homeTab: NonNullable<Feature['homeTab']>,
  sections: Array<NonNullable<Feature['homeSections']>>,
  deps: AppDeps,
) {
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
      const ctx = await request.serviceContext();
      const [view, ...extra] = await Promise.all([homeTab(request, ctx), ...sections.map((s) => s(request, ctx))]);
      // The features' sections go above the dashboard's last line (where to get help), within Slack's 100 blocks.
      const blocks = [...view!.blocks.slice(0, -1), ...extra.flat(), ...view!.blocks.slice(-1)];
      await client.views.publish({ user_id: event.user, view: { ...view!, blocks: blocks.slice(0, HOME_BLOCKS) } });
    } catch (error) {
      // Nobody is waiting on an answer here: log it, Slack shows the previous Home tab.
      deps.log.error('app home: could not publish', { requestId: request.requestId, user: event.user, error });
    }
  };
}
