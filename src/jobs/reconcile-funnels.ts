import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { organizationsWithoutFunnel } from '../services/insights/funnel-counters-state.js';
import { reconcileFunnel } from '../services/insights/reconcile-funnel.js';
import { funnelReconciliationBlocks } from '../views/insights/reconciliation-blocks.js';
import { defineRecountJob, recountNow, scheduleDailyRecount, type RecountRequester } from './kit/recount-job.js';

export const JOB_NAME = 'insights.reconcile-funnels';

/**
 * Recounts every adoption funnel and repairs drifted counters (reconcileFunnel, decision 021): every
 * day for every organization, at start for organizations from before the funnel, and when an admin
 * asks with `/ub adoption verify` (the result comes as a DM).
 */
export function defineReconcileFunnels(agenda: Agenda, deps: AppDeps): void {
  defineRecountJob(agenda, deps, {
    name: JOB_NAME,
    recount: reconcileFunnel,
    drift: (result) =>
      result.drifts.length > 0 || result.postponed
        ? {
            message: 'jobs: adoption funnel counts',
            detail: {
              postponed: result.postponed,
              drifts: result.drifts.map((d) => ({
                target: d.id,
                stored: d.stored,
                counted: d.counted,
                repaired: d.repaired,
              })),
            },
          }
        : undefined,
    answer: funnelReconciliationBlocks,
  });
}

export async function scheduleReconcileFunnels(agenda: Agenda): Promise<void> {
  await scheduleDailyRecount(agenda, JOB_NAME);
}

/** At start: organizations from before the funnel get their counters counted once, now. */
export async function scheduleFunnelBackfill(agenda: Agenda, deps: AppDeps): Promise<void> {
  for (const orgId of await organizationsWithoutFunnel(deps.store)) await recountNow(agenda, JOB_NAME, { orgId });
}

/**
 * After work cut off by a crash (a bulk run's page applied again): the organization's funnels
 * recounted now, repairs audited as ub's own, rather than at the next daily recount.
 */
export async function recountFunnelsAfterCrash(agenda: Agenda, orgId: string): Promise<void> {
  await recountNow(agenda, JOB_NAME, { orgId });
}

/** `/ub adoption verify`: the recount now, its result as a DM to the admin who asked. */
export async function reconcileFunnelsNow(
  agenda: Agenda,
  input: { orgId: string; requestedBy: RecountRequester; requestId: string },
): Promise<void> {
  await recountNow(agenda, JOB_NAME, input);
}
