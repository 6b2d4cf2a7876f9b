import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { systemActor, type Actor, type ServiceContext } from '../services/context.js';
import { organizationIds } from '../services/organization-repository.js';
import { organizationsWithoutFunnel } from '../services/insights/funnel-counters-state.js';
import { reconcileFunnel } from '../services/insights/reconcile-funnel.js';
import { funnelReconciliationBlocks } from '../views/insights/reconciliation-blocks.js';
import { keepJobAlive } from './kit/keep-job-alive.js';

export const JOB_NAME = 'insights.reconcile-funnels';

const DAILY_SETTLE_MS = 5_000;
const ON_DEMAND_SETTLE_MS = 1_000;

const jobData = z
  .object({
    orgId: z.string(),
    /** Who asked (`/ub adoption verify`): they get the result as a DM, and the audit entries are theirs. */
    requestedBy: z.object({ slackUserId: z.string(), email: z.string().optional(), userId: z.string().optional() }),
    requestId: z.string().optional(),
  })
  .partial()
  .optional();

/**
 * Recounts every adoption funnel and repairs drifted counters (reconcileFunnel, decision 021): every
 * day for every organization, at start for organizations from before the funnel, and when an admin
 * asks with `/ub adoption verify` (the result comes as a DM).
 */
export function defineReconcileFunnels(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    JOB_NAME,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        const data = jobData.parse(job.attrs.data ?? undefined) ?? {};
        const orgs = data.orgId ? [data.orgId] : await organizationIds(deps.store);
        for (const orgId of orgs) {
          const actor: Actor = data.requestedBy
            ? {
                ...systemActor,
                slackUserId: data.requestedBy.slackUserId,
                email: data.requestedBy.email,
                userId: data.requestedBy.userId,
              }
            : systemActor;
          const ctx: ServiceContext = {
            store: deps.store,
            orgId,
            actor,
            source: data.requestedBy ? 'command' : 'job',
            now: deps.now,
            requestId: data.requestId,
          };
          const result = await reconcileFunnel(ctx, {
            settleMs: data.requestedBy ? ON_DEMAND_SETTLE_MS : DAILY_SETTLE_MS,
          });
          if (result.drifts.length > 0 || result.postponed)
            deps.log.warn('jobs: adoption funnel counts', {
              orgId,
              postponed: result.postponed,
              drifts: result.drifts.map((d) => ({
                target: d.id,
                stored: d.stored,
                counted: d.counted,
                repaired: d.repaired,
              })),
            });
          if (data.requestedBy) {
            const client = await deps.slack.forOrganization(orgId);
            await client.chat.postMessage({
              channel: data.requestedBy.slackUserId,
              ...funnelReconciliationBlocks(result),
            });
          }
        }
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function scheduleReconcileFunnels(agenda: Agenda): Promise<void> {
  await agenda.every('1 day', JOB_NAME, undefined, { skipImmediate: true });
}

/** At start: organizations from before the funnel get their counters counted once, now. */
export async function scheduleFunnelBackfill(agenda: Agenda, deps: AppDeps): Promise<void> {
  for (const orgId of await organizationsWithoutFunnel(deps.store)) await agenda.now(JOB_NAME, { orgId });
}

/** `/ub adoption verify`: the recount now, its result as a DM to the admin who asked. */
export async function reconcileFunnelsNow(
  agenda: Agenda,
  input: { orgId: string; requestedBy: { slackUserId: string; email?: string; userId?: string }; requestId: string },
): Promise<void> {
  await agenda.now(JOB_NAME, input);
}
