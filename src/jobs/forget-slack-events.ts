import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { forgetOldEvents } from '../services/slack-event-repository.js';

export const JOB_NAME = 'slack-events.forget-old';

/** Slack's last retry of an event comes about 5 minutes after the first delivery; a day is plenty. */
const KEEP_MS = 24 * 60 * 60 * 1000;

/** Keeps the event-dedupe collection small: it is read on every Events API delivery. */
export function defineForgetSlackEvents(agenda: Agenda, deps: AppDeps): void {
  agenda.define(JOB_NAME, async () => {
    const removed = await forgetOldEvents(deps.store, new Date(deps.now().getTime() - KEEP_MS));
    if (removed > 0) deps.log.debug('jobs: forgot old Slack event ids', { removed });
  });
}

export async function scheduleForgetSlackEvents(agenda: Agenda): Promise<void> {
  await agenda.every('1 hour', JOB_NAME, undefined, { skipImmediate: true });
}
