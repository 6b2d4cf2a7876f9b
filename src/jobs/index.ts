import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { defineApprovalLifecycle, scheduleApprovalLifecycle } from './approval-lifecycle.js';
import { defineApprovalWaitlist } from './approval-waitlist.js';
import { defineProReclaim, scheduleProReclaim } from './pro-reclaim.js';
import { defineBuildSearchIndex, scheduleSearchIndexBuilds } from './build-search-index.js';
import { defineForgetRequestSignatures, scheduleForgetRequestSignatures } from './forget-request-signatures.js';
import { defineBulkRuns, scheduleBulkRunSweep } from './bulk-runs.js';
import { defineForgetSlackEvents, scheduleForgetSlackEvents } from './forget-slack-events.js';
import { defineDeleteExpiredExports, scheduleDeleteExpiredExports } from './delete-expired-exports.js';
import { defineExportJob } from './export-report.js';
import { defineInvitationReminders, scheduleInvitationReminders } from './invitation-reminders.js';
import { definePostDigests, schedulePostDigests } from './post-digests.js';
import { defineCountDigestHighlights, scheduleCountDigestHighlights } from './count-digest-highlights.js';
import { defineVerifyLicenseCounts, scheduleVerifyLicenseCounts } from './verify-license-counts.js';
import { defineReconcileFunnels, scheduleFunnelBackfill, scheduleReconcileFunnels } from './reconcile-funnels.js';
import { defineSnapshotFunnels, scheduleSnapshotFunnels } from './snapshot-funnels.js';
import { defineRecountCutOffActivity, scheduleRecountCutOffActivity } from './recount-cut-off-activity.js';

/**
 * Every job ub runs. A new job is a new file in src/jobs/ exporting its define (and, when
 * recurring, its schedule) function, listed here.
 */
export function defineJobs(agenda: Agenda, deps: AppDeps): void {
  defineForgetSlackEvents(agenda, deps);
  defineBuildSearchIndex(agenda, deps);
  defineForgetRequestSignatures(agenda, deps);
  defineBulkRuns(agenda, deps);
  defineVerifyLicenseCounts(agenda, deps);
  defineApprovalLifecycle(agenda, deps);
  defineApprovalWaitlist(agenda, deps);
  defineProReclaim(agenda, deps);
  defineExportJob(agenda, deps);
  defineDeleteExpiredExports(agenda, deps);
  defineReconcileFunnels(agenda, deps);
  defineSnapshotFunnels(agenda, deps);
  definePostDigests(agenda, deps);
  defineCountDigestHighlights(agenda, deps);
  defineInvitationReminders(agenda, deps);
  defineRecountCutOffActivity(agenda, deps);
}

/** Recurring schedules; `every` upserts by job name, so several replicas starting at once create one. */
export async function scheduleRecurringJobs(agenda: Agenda): Promise<void> {
  await scheduleForgetSlackEvents(agenda);
  await scheduleForgetRequestSignatures(agenda);
  await scheduleBulkRunSweep(agenda);
  await scheduleVerifyLicenseCounts(agenda);
  await scheduleApprovalLifecycle(agenda);
  await scheduleProReclaim(agenda);
  await scheduleDeleteExpiredExports(agenda);
  await scheduleReconcileFunnels(agenda);
  await scheduleSnapshotFunnels(agenda);
  await schedulePostDigests(agenda);
  await scheduleCountDigestHighlights(agenda);
  await scheduleInvitationReminders(agenda);
  await scheduleRecountCutOffActivity(agenda);
}

/** One-off work each start checks for: search sets an upgrade has not built yet, funnels never counted. */
export async function scheduleStartupJobs(agenda: Agenda, deps: AppDeps): Promise<void> {
  await scheduleSearchIndexBuilds(agenda, deps);
  await scheduleFunnelBackfill(agenda, deps);
}
