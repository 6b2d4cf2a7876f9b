import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import { recountSeatsAfterCrash } from './verify-license-counts.js';
import {
  idleProHolders,
  openReclaimCycle,
  organizationsReclaimingPro,
  reclaimDate,
  reclaimPro,
  reclaimsDue,
  recordReclaimTold,
  recordWarningSent,
  unsentWarnings,
  untoldReclaims,
  type ProReclaim,
  type ReclaimPolicy,
} from '../services/approvals/pro-reclaim.js';
import type { ServiceContext } from '../services/context.js';
import { proReclaimedBlocks, reclaimWarningBlocks } from '../views/approvals/pro-reclaim-blocks.js';
import { wakeWaitlist } from './approval-waitlist.js';
import { lookupSlackUser } from './invitation-dm.js';
import { jobContext } from './kit/job-context.js';
import { keepJobAlive } from './kit/keep-job-alive.js';
import { postOnce, runnerName, type PostEnv } from './kit/post-once.js';

export const PRO_RECLAIM_JOB = 'approvals.pro-reclaim';

/**
 * Every hour, for the organizations whose policy reclaims unused Pro licenses (decision 042):
 * sends the warnings a stopped run owed, opens a cycle (and warns) for each Pro holder idle past
 * the policy, and reclaims those whose grace is over. Every step is claimed on the person's
 * `pro_reclaims` document and every DM goes through postOnce, so a restart or two replicas change
 * nothing: a license is reclaimed once and a warning sent once. A reclaim frees a Pro seat, which
 * wakes the waitlist.
 */
export function defineProReclaim(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    PRO_RECLAIM_JOB,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        await runProReclaim(deps);
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function scheduleProReclaim(agenda: Agenda): Promise<void> {
  await agenda.every('1 hour', PRO_RECLAIM_JOB, undefined, { skipImmediate: true });
}

/** One run of the job (also what the tests drive, to see a run end). */
export async function runProReclaim(deps: AppDeps): Promise<void> {
  const policies = new Map((await organizationsReclaimingPro(deps.store)).map((o) => [o.orgId, o.policy]));
  const step = async (what: string, orgId: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      deps.log.error(`approvals: a Pro reclaim step (${what}) failed; the next run tries again`, { orgId, error });
    }
  };

  for (const reclaim of await unsentWarnings(deps.store)) {
    const policy = policies.get(reclaim.orgId);
    if (policy) await step('warning', reclaim.orgId, () => warn(deps, reclaim, policy));
  }

  for (const [orgId, policy] of policies) {
    const ctx = jobContext(deps, orgId);
    let after: string | undefined;
    do {
      const page = await idleProHolders(ctx, policy, after);
      for (const person of page.people)
        await step('opening', orgId, async () => {
          const opened = await openReclaimCycle(ctx, person);
          if (opened) await warn(deps, opened, policy);
        });
      after = page.nextAfter;
    } while (after);
  }

  for (const reclaim of await reclaimsDue(deps.store, deps.now(), deps.jobLockLifetimeMs)) {
    const policy = policies.get(reclaim.orgId);
    // A policy turned off leaves the open warnings be: nothing is reclaimed without it.
    if (policy) await step('reclaim', reclaim.orgId, () => reclaim1(deps, reclaim, policy));
  }

  for (const reclaim of await untoldReclaims(deps.store))
    await step('telling', reclaim.orgId, () => tellReclaimed(deps, reclaim, policies.get(reclaim.orgId)));
}

function postEnvOf(deps: AppDeps, orgId: string, client: PostEnv['client']): PostEnv {
  return {
    store: deps.store,
    client,
    orgId,
    runId: undefined,
    runner: runnerName(),
    leaseMs: deps.jobLockLifetimeMs,
    log: deps.log,
  };
}

/** Where the person is in Slack, or why not. */
async function slackUserOf(client: PostEnv['client'], reclaim: ProReclaim): Promise<string | undefined> {
  if (reclaim.slackUserId) return reclaim.slackUserId;
  const found = await lookupSlackUser(client, reclaim.email);
  return typeof found === 'string' ? found : undefined;
}

/** The warning of one cycle, once; its grace starts when it went out (or could not go out). */
async function warn(deps: AppDeps, reclaim: ProReclaim, policy: ReclaimPolicy): Promise<void> {
  const client = await deps.slack.forOrganization(reclaim.orgId);
  const ctx = jobContext(deps, reclaim.orgId);
  const reclaimAt = reclaimDate(deps.now(), policy);
  const target = await slackUserOf(client, reclaim);
  if (!target) {
    await recordWarningSent(ctx, reclaim, policy, { reclaimAt, dm: undefined });
    return;
  }
  const message = reclaimWarningBlocks({
    idleDays: policy.idleDays,
    reclaimAt,
    lastActivityAt: reclaim.lastActivityAt,
    keep: { id: reclaim.id, cycle: reclaim.cycle },
  });
  const posted = await postOnce(
    postEnvOf(deps, reclaim.orgId, client),
    `${reclaim.id}:${reclaim.cycle}:warning`,
    target,
    message,
  );
  if (posted.state === 'busy') return;
  await recordWarningSent(ctx, reclaim, policy, {
    reclaimAt,
    dm: posted.state === 'sent' ? { channel: posted.channel, ts: posted.ts } : undefined,
  });
}

/** The reclaim of one cycle, once, then the person told (the warning's button turned off, and a DM). */
async function reclaim1(deps: AppDeps, reclaim: ProReclaim, policy: ReclaimPolicy): Promise<void> {
  const ctx: ServiceContext = {
    ...jobContext(deps, reclaim.orgId),
    seatFreed: () => wakeWaitlist(deps, reclaim.orgId),
  };
  const outcome = await reclaimPro(ctx, reclaim, policy, deps.jobLockLifetimeMs);
  if (outcome === 'reclaimed_after_stop') await recountSeatsAfterCrash(deps.jobs, reclaim.orgId);
  if (outcome !== 'reclaimed' && outcome !== 'reclaimed_after_stop') return;
  await tellReclaimed(deps, reclaim, policy);
}

/**
 * The holder hears it once: the warning loses its button (updated in place, harmless to repeat)
 * and one DM goes out (postOnce); a DM whose claim another runner holds is left for the next run.
 */
async function tellReclaimed(deps: AppDeps, reclaim: ProReclaim, policy: ReclaimPolicy | undefined): Promise<void> {
  const client = await deps.slack.forOrganization(reclaim.orgId);
  // The policy may have been turned off since: the DM names the days it had.
  const idleDays =
    policy?.idleDays ??
    (await deps.store.organizations.findById(reclaim.orgId).select({ approvalsReclaimProDays: 1 }).lean().exec())
      ?.approvalsReclaimProDays ??
    30;
  const message = proReclaimedBlocks({ idleDays });
  if (reclaim.dm)
    await client.chat
      .update({ channel: reclaim.dm.channel, ts: reclaim.dm.ts, text: message.text, blocks: [] })
      .catch((error: unknown) =>
        deps.log.info('approvals: a Pro reclaim warning could not be updated', { error: (error as Error).message }),
      );
  const target = await slackUserOf(client, reclaim);
  const posted = target
    ? await postOnce(
        postEnvOf(deps, reclaim.orgId, client),
        `${reclaim.id}:${reclaim.cycle}:reclaimed`,
        target,
        message,
      )
    : undefined;
  if (posted?.state !== 'busy') await recordReclaimTold(deps.store, reclaim);
}
