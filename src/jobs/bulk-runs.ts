import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { abandonedRuns, forgetOldRuns } from '../services/bulk-runs/bulk-run-repository.js';
import { changeGroupMembers } from './change-group-members.js';
import { invitePeople } from './invite-people.js';
import { importActivity } from './import-activity.js';
import { importUsers } from './import-users.js';
import type { BulkKind } from './kit/bulk-kind.js';
import { BULK_RUN_JOB, defineBulkRunJob, scheduleBulkRun } from './kit/run-bulk-job.js';
import { nudgePeople } from './nudge-people.js';
import { recountFunnelsAfterCrash } from './reconcile-funnels.js';
import { resendInvitationsKind } from './resend-invitations.js';

/** Every kind of bulk work; a new kind is one file in src/jobs/ (see kit/bulk-kind.ts), listed here. */
export const bulkKinds: BulkKind[] = [
  invitePeople,
  resendInvitationsKind,
  changeGroupMembers,
  importUsers,
  importActivity,
  nudgePeople,
];

export const SWEEP_JOB = 'bulk-runs.sweep';

/** How long a finished run's items and outcomes are kept (for support questions), and an unconfirmed draft. */
const KEEP_FINISHED_MS = 7 * 24 * 60 * 60 * 1000;
const KEEP_DRAFTS_MS = 24 * 60 * 60 * 1000;

/**
 * The bulk-run job, and a sweep every minute that gives a fresh job to any run nobody is running
 * (its job failed after a long database outage, or the process died between storing the run and
 * scheduling it; a killed runner's job needs no sweep, its lock simply expires) and forgets old runs.
 */
export function defineBulkRuns(agenda: Agenda, deps: AppDeps): void {
  defineBulkRunJob(agenda, deps, bulkKinds, { afterInterruptedApply: recountFunnelsAfterCrash });
  agenda.define(SWEEP_JOB, async () => {
    const now = deps.now().getTime();
    for (const runId of await abandonedRuns(deps.store, new Date(now - 3 * deps.jobLockLifetimeMs))) {
      deps.log.warn('jobs: bulk run abandoned, scheduling it again', { runId });
      await agenda.cancel({ name: BULK_RUN_JOB, data: { runId } });
      await scheduleBulkRun(agenda, runId);
    }
    const forgotten = await forgetOldRuns(deps.store, {
      endedBefore: new Date(now - KEEP_FINISHED_MS),
      draftsBefore: new Date(now - KEEP_DRAFTS_MS),
    });
    if (forgotten > 0) deps.log.debug('jobs: forgot old bulk runs', { forgotten });
  });
}

export async function scheduleBulkRunSweep(agenda: Agenda): Promise<void> {
  await agenda.every('1 minute', SWEEP_JOB, undefined, { skipImmediate: true });
}
