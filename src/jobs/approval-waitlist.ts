import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { drainWaitlist, hasWaitlist } from '../services/approvals/lifecycle.js';
import { jobMessageEnv } from './approval-messages.js';
import { tellOutcome } from './approval-outcome.js';
import { jobContext } from './kit/job-context.js';
import { keepJobAlive } from './kit/keep-job-alive.js';

export const APPROVAL_WAITLIST_JOB = 'approvals.waitlist';

/** How soon a wake-up that found the waitlist being served by someone else looks again. */
const BUSY_RETRY_MS = 3_000;

const jobData = z.object({ orgId: z.string().min(1).max(100) });

/**
 * Serves one organization's waitlist now (decision 043): woken by the write that freed a seat
 * (`ServiceContext.seatFreed`: a deactivation, a cancelled invitation, more seats, a Pro license
 * taken back), so the first in line does not wait for the minute's sweep, which stays the safety
 * net. Order and exactly-once come from drainWaitlist (one server at a time, each request claimed
 * by a guarded update); a wake-up that finds another server at work looks again a moment later, so
 * a seat freed while that server was finishing is not left for the sweep.
 */
export function defineApprovalWaitlist(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    APPROVAL_WAITLIST_JOB,
    async (job: Job<unknown>) => {
      const data = jobData.safeParse(job.attrs.data);
      if (!data.success) {
        deps.log.warn('approvals: a waitlist job without an organization was dropped', { id: String(job.attrs._id) });
        return;
      }
      const stop = keepJobAlive(job, deps);
      try {
        if (await serveWaitlist(deps, data.data.orgId))
          await agenda.schedule(new Date(deps.now().getTime() + BUSY_RETRY_MS), APPROVAL_WAITLIST_JOB, data.data);
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

/** Carries out what the free seats allow, in line order, and tells each requester; true when someone else was serving it. */
export async function serveWaitlist(deps: AppDeps, orgId: string): Promise<boolean> {
  const { handled, busy } = await drainWaitlist(jobContext(deps, orgId));
  if (handled.length > 0) {
    const env = await jobMessageEnv(deps, orgId);
    for (const request of handled) await tellOutcome(env, request);
  }
  return busy;
}

/**
 * Wakes the waitlist of an organization after a seat was freed, when anyone waits in it. Never
 * throws: the seat is freed already, and the sweep serves the line within a minute anyway.
 */
export function wakeWaitlist(deps: Pick<AppDeps, 'store' | 'jobs' | 'log'>, orgId: string): void {
  void (async () => {
    if (!(await hasWaitlist(deps.store, orgId))) return;
    await deps.jobs.now(APPROVAL_WAITLIST_JOB, { orgId });
  })().catch((error: unknown) =>
    deps.log.warn('approvals: the waitlist was not woken; the sweep serves it', {
      orgId,
      error: (error as Error).message,
    }),
  );
}
