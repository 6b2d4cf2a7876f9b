import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import { refreshDigestHighlights } from '../services/insights/digests/digest-highlights.js';
import { organizationIds } from '../services/organization-repository.js';
import { createStore } from '../services/store.js';
import { keepJobAlive } from './kit/keep-job-alive.js';

export const JOB_NAME = 'digests.count-highlights';

/**
 * Every 30 minutes: counts the digest highlights (top courses, joiners, pending invitation
 * candidates) of each organization with digests, so the digest job reads them by `_id` and never
 * waits for a count (decisions 036 and 047). Two replicas counting at once are harmless: a
 * document is replaced only by a newer count.
 */
export function defineCountDigestHighlights(agenda: Agenda, deps: AppDeps): void {
  // The counting reads go through the long-read connection (decision 049); the writes through the app's.
  const reads = createStore(deps.db.longReads);
  agenda.define(
    JOB_NAME,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        for (const orgId of await organizationIds(deps.store))
          await refreshDigestHighlights(deps.store, orgId, deps.now(), reads);
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function scheduleCountDigestHighlights(agenda: Agenda): Promise<void> {
  await agenda.every('30 minutes', JOB_NAME);
}
