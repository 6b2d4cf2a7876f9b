import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { findOrganization } from '../../services/organization-repository.js';
import { buildCommandRequest } from './build-request.js';
import { homeView } from '../../views/home/home-view.js';

/** Publishes the App Home tab when someone opens it. Publishing twice is harmless, so retries are too. */
export function appHomeListener(deps: AppDeps) {
  return async ({ event, body, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const orgId = body.team_id;
    const request = buildCommandRequest(
      { orgId, slackUserId: event.user, channelId: undefined, triggerId: undefined, source: 'event', respond: undefined },
      client,
      deps,
    );
    try {
      const [actor, organization] = await Promise.all([request.actor(), findOrganization(deps.store, orgId)]);
      await client.views.publish({
        user_id: event.user,
        view: homeView({ role: actor.role, email: actor.email, organizationName: organization?.name }),
      });
    } catch (error) {
      // Nobody is waiting on an answer here: log it, Slack shows the previous Home tab.
      deps.log.error('app home: could not publish', { requestId: request.requestId, user: event.user, error });
    }
  };
}
