import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../../deps.js';
import type { Feature } from '../kit/feature.js';
import type { HomePublisher } from '../kit/request.js';
import { buildCommandRequest } from './build-request.js';

/** Slack's limit of blocks in a Home tab. */
const HOME_BLOCKS = 100;

/**
 * Builds and publishes one person's Home tab: the home feature's dashboard with the other
 * features' sections above its last line (where to get help), within Slack's 100 blocks.
 * Publishing twice is harmless. A failure is logged: Slack keeps showing the previous Home tab,
 * and nobody is waiting on an answer.
 */
export function homePublisher(
  homeTab: NonNullable<Feature['homeTab']>,
  sections: Array<NonNullable<Feature['homeSections']>>,
  deps: AppDeps,
): HomePublisher {
  return async (client: WebClient, orgId: string, slackUserId: string): Promise<void> => {
    const request = buildCommandRequest(
      { orgId, slackUserId, channelId: undefined, triggerId: undefined, source: 'event', responseUrl: undefined },
      client,
      deps,
    );
    try {
      const ctx = await request.serviceContext();
      const [view, ...extra] = await Promise.all([homeTab(request, ctx), ...sections.map((s) => s(request, ctx))]);
      const blocks = [...view!.blocks.slice(0, -1), ...extra.flat(), ...view!.blocks.slice(-1)];
      await client.views.publish({ user_id: slackUserId, view: { ...view!, blocks: blocks.slice(0, HOME_BLOCKS) } });
    } catch (error) {
      deps.log.error('app home: could not publish', { requestId: request.requestId, user: slackUserId, error });
    }
  };
}

/** Publishes the App Home tab when someone opens it. */
export function appHomeListener(publish: HomePublisher) {
  return async ({
    event,
    body,
    client,
  }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    await publish(client, body.team_id, event.user);
  };
}
