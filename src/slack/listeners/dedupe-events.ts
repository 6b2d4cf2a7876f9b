import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { AppDeps } from '../../deps.js';
import { claimEvent } from '../../services/slack-event-repository.js';

/**
 * Global middleware: an Events API delivery whose event_id was already taken is acknowledged
 * and dropped. Slack retries (X-Slack-Retry-Num) after a timeout even when the first delivery
 * was processed, so without this a retry would act twice.
 */
export function dedupeEvents(deps: AppDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const eventId = typeof body === 'object' && body !== null && 'event_id' in body ? body.event_id : undefined;
    if (typeof eventId !== 'string') {
      await next();
      return;
    }
    if (await claimEvent(deps.store, eventId, deps.now())) {
      await next();
      return;
    }
    deps.log.info('slack: duplicate event delivery dropped', { eventId });
  };
}
