import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import { organizationIds } from '../services/organization-repository.js';
import { snapshotFunnels } from '../services/insights/funnel-snapshots.js';
import { keepJobAlive } from './kit/keep-job-alive.js';

export const JOB_NAME = 'insights.snapshot-funnels';

/**
 * Keeps each week's snapshot of every funnel (the organization's and each group's) for "since last
 * week" and the trend. Runs every hour: the first run of a week writes the week's snapshots, the
 * others find them written (one `_id` read per organization), so a replica down at midnight on
 * Monday only delays the snapshot.
 */
export function defineSnapshotFunnels(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    JOB_NAME,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        for (const orgId of await organizationIds(deps.store)) await snapshotFunnels(deps.store, orgId, deps.now());
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function scheduleSnapshotFunnels(agenda: Agenda): Promise<void> {
  await agenda.every('1 hour', JOB_NAME);
}
