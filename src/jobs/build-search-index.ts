import { exponential, type Agenda, type Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import { buildSearchIndex, organizationsToIndex } from '../services/search/build-search-index.js';

export const JOB_NAME = 'search-index.build';

export interface BuildSearchIndexData {
  orgId: string;
}

/**
 * Builds the search sets of an organization that had people before they existed (an upgrade), or
 * adds the adoption-funnel sets to sets built before those existed (decision 038).
 * Resumable: it continues after the last set written (kept in the database), whether this runner
 * restarts it or another takes it over once its lock expires. Searches scan until it is done.
 */
export function defineBuildSearchIndex(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    JOB_NAME,
    async (job: Job<BuildSearchIndexData>) => {
      const { orgId } = job.attrs.data;
      const started = Date.now();
      await buildSearchIndex(deps.store, orgId, {
        onProgress: async ({ sets, of }) => {
          // Each round extends the job's lock: a long build is not taken for a dead one.
          await job.touch(Math.floor((100 * sets) / of));
        },
      });
      deps.log.info('jobs: search sets built', { orgId, ms: Date.now() - started });
    },
    { concurrency: 1, backoff: exponential({ delay: 10_000, maxDelay: 10 * 60_000, maxRetries: 30 }) },
  );
}

/** At start: one build job for each organization whose sets are not complete (none twice). */
export async function scheduleSearchIndexBuilds(agenda: Agenda, deps: AppDeps): Promise<void> {
  for (const orgId of await organizationsToIndex(deps.store)) {
    await agenda
      .create<BuildSearchIndexData>(JOB_NAME, { orgId })
      .unique({ name: JOB_NAME, 'data.orgId': orgId }, { insertOnly: true })
      .schedule(new Date())
      .save();
  }
}
