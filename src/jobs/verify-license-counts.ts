import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { systemActor, type Actor, type ServiceContext } from '../services/context.js';
import { driftExplanation, verifySeatCounts } from '../services/licenses/verify-seat-counts.js';
import { organizationIds } from '../services/organization-repository.js';
import { seatVerificationBlocks } from '../views/licenses/license-blocks.js';
import { keepJobAlive } from './kit/keep-job-alive.js';

export const JOB_NAME = 'licenses.verify-seats';

/** Daily: no hurry, a long settle window. On demand: someone is waiting for the answer. */
const DAILY_SETTLE_MS = 5_000;
const ON_DEMAND_SETTLE_MS = 1_000;

/** Without `orgId`: every organization (the daily run). With it: one, for the admin who asked. */
const jobData = z
  .object({
    orgId: z.string(),
    /** Who asked (`/ub license verify`): they get the result as a DM, and the audit entry is theirs. */
    requestedBy: z.object({ slackUserId: z.string(), email: z.string().optional(), userId: z.string().optional() }),
    requestId: z.string().optional(),
  })
  .partial()
  .optional();

/**
 * Recounts the seats in use and repairs the counters when they drifted (verifySeatCounts): every
 * day for every organization, and when an admin asks with `/ub license verify`.
 */
export function defineVerifyLicenseCounts(agenda: Agenda, deps: AppDeps): void {
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
          const result = await verifySeatCounts(ctx, {
            settleMs: data.requestedBy ? ON_DEMAND_SETTLE_MS : DAILY_SETTLE_MS,
          });
          if (result.repaired || result.postponed)
            deps.log.warn('jobs: seat counts', { orgId, ...result, checkedAt: undefined });
          if (data.requestedBy) {
            const client = await deps.slack.forOrganization(orgId);
            await client.chat.postMessage({
              channel: data.requestedBy.slackUserId,
              ...seatVerificationBlocks({
                ...result,
                why: result.repaired ? driftExplanation(result.seatsDrift, result.proSeatsDrift) : undefined,
              }),
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

export async function scheduleVerifyLicenseCounts(agenda: Agenda): Promise<void> {
  await agenda.every('1 day', JOB_NAME, undefined, { skipImmediate: true });
}

/** `/ub license verify`: the recount now, its result as a DM to the admin who asked. */
export async function verifyLicenseCountsNow(
  agenda: Agenda,
  input: { orgId: string; requestedBy: { slackUserId: string; email?: string; userId?: string }; requestId: string },
): Promise<void> {
  await agenda.now(JOB_NAME, input);
}
