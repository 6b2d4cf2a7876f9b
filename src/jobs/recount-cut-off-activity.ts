import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { CUT_OFF_AFTER_MS, takeCutOffActivityBatches } from '../services/insights/activity-batches.js';
import { recountFunnelsAfterCrash } from './reconcile-funnels.js';

export const JOB_NAME = 'activity.recount-cut-off-batches';

/**
 * Every 10 minutes, and at start: a learning-activity batch cut off by a crash (decision 051) has
 * its organization's funnels recounted now rather than at the next daily recount.
 */
export function defineRecountCutOffActivity(agenda: Agenda, deps: AppDeps): void {
  agenda.define(JOB_NAME, async () => {
    const orgIds = await takeCutOffActivityBatches(deps.store, new Date(deps.now().getTime() - CUT_OFF_AFTER_MS));
    for (const orgId of orgIds) {
      deps.log.warn('jobs: a learning-activity batch was cut off; recounting the adoption funnel', { orgId });
      await recountFunnelsAfterCrash(agenda, orgId);
    }
  });
}

export async function scheduleRecountCutOffActivity(agenda: Agenda): Promise<void> {
  await agenda.every('10 minutes', JOB_NAME);
}
