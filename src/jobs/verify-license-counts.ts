import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { driftExplanation, verifySeatCounts } from '../services/licenses/verify-seat-counts.js';
import { seatVerificationBlocks } from '../views/licenses/license-blocks.js';
import { defineRecountJob, recountNow, scheduleDailyRecount, type RecountRequester } from './kit/recount-job.js';

export const JOB_NAME = 'licenses.verify-seats';

/**
 * Recounts the seats in use and repairs the counters when they drifted (verifySeatCounts, decision
 * 017): every day for every organization, and when an admin asks with `/ub license verify`.
 */
export function defineVerifyLicenseCounts(agenda: Agenda, deps: AppDeps): void {
  defineRecountJob(agenda, deps, {
    name: JOB_NAME,
    recount: verifySeatCounts,
    drift: (result) =>
      result.repaired || result.postponed
        ? { message: 'jobs: seat counts', detail: { ...result, checkedAt: undefined } }
        : undefined,
    answer: (result) =>
      seatVerificationBlocks({
        ...result,
        why: result.repaired ? driftExplanation(result.seatsDrift, result.proSeatsDrift) : undefined,
      }),
  });
}

export async function scheduleVerifyLicenseCounts(agenda: Agenda): Promise<void> {
  await scheduleDailyRecount(agenda, JOB_NAME);
}

/**
 * After work cut off by a crash between a license change and its seat's return (a resumed Pro
 * reclaim): the seats recounted now, repairs audited as ub's own, rather than at the next daily recount.
 */
export async function recountSeatsAfterCrash(agenda: Agenda, orgId: string): Promise<void> {
  await recountNow(agenda, JOB_NAME, { orgId });
}

/** `/ub license verify`: the recount now, its result as a DM to the admin who asked. */
export async function verifyLicenseCountsNow(
  agenda: Agenda,
  input: { orgId: string; requestedBy: RecountRequester; requestId: string },
): Promise<void> {
  await recountNow(agenda, JOB_NAME, input);
}
