import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import { createBulkRun } from '../services/bulk-runs/bulk-run-repository.js';
import { systemActor } from '../services/context.js';
import { dueReminders, markRemindedUpTo } from '../services/insights/nudges/nudges.js';
import { organizationIds } from '../services/organization-repository.js';
import { scheduleBulkRun } from './kit/run-bulk-job.js';
import { jobContext } from './kit/job-context.js';
import { nudgePeople } from './nudge-people.js';

export const JOB_NAME = 'nudges.invitation-reminders';

/**
 * Every 15 minutes: the invitees whose automatic reminder is due (on by default, 48 hours after
 * the invitation; `/ub nudges`) are nudged through the same durable run as "Nudge them", so the
 * reminder follows the same once-a-week rule, pacing and reporting. The run's request key is the
 * window's end, so a second replica (or the job run twice) finds the same run.
 */
export function defineInvitationReminders(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    JOB_NAME,
    async (_job: Job<unknown>) => {
      for (const orgId of await organizationIds(deps.store)) {
        try {
          await remindDueInvitees(agenda, deps, orgId);
        } catch (error) {
          deps.log.warn('nudges: invitation reminders not started, tried again next round', {
            orgId,
            error: (error as Error).message,
          });
        }
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function scheduleInvitationReminders(agenda: Agenda): Promise<void> {
  await agenda.every('15 minutes', JOB_NAME, undefined, { skipImmediate: true });
}

/** Starts the run of one organization's due reminders (if any); returns its id. */
export async function remindDueInvitees(agenda: Agenda, deps: AppDeps, orgId: string): Promise<string | undefined> {
  const ctx = jobContext(deps, orgId);
  const due = await dueReminders(ctx);
  if (!due) return undefined;
  let runId: string | undefined;
  if (due.people.length > 0) {
    const { run } = await createBulkRun(deps.store, {
      orgId,
      kind: nudgePeople.name,
      requestKey: `reminders:${due.upTo.toISOString()}`,
      actor: systemActor,
      source: 'job',
      requestId: undefined,
      input: { step: 'joined', automatic: true, ...(deps.learningUrl ? { learningUrl: deps.learningUrl } : {}) },
      items: due.people.map((p) => ({ email: p.email, ...(p.slackUserId ? { slackUserId: p.slackUserId } : {}) })),
      status: 'queued',
      notifyUserId: undefined,
    });
    await scheduleBulkRun(agenda, run.id);
    runId = run.id;
  }
  await markRemindedUpTo(ctx, due.upTo);
  return runId;
}
