import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../../deps.js';
import {
  countPageDeliveries,
  countRunPage,
  findBulkRun,
  finishRun,
  heartbeatRun,
  markApplyingPage,
  markApplyInterrupted,
  markDeliveringPage,
  markResultShown,
  readRunPage,
  recordPageOutcomes,
  setRunStatus,
  type BulkRun,
} from '../../services/bulk-runs/bulk-run-repository.js';
import type { ServiceContext } from '../../services/context.js';
import { bulkResultOf, type BulkOutcome, type BulkResult } from '../../services/domain.js';
import { deliverPage } from './deliver-page.js';
import { keepJobAlive } from './keep-job-alive.js';
import { isDatabaseUnreachable, toUbError } from '../../services/errors.js';
import { bulkProgressBlocks, bulkStoppedBlocks } from '../../views/bulk-run-blocks.js';
import { withShowAll } from '../../views/bulk-outcomes-blocks.js';
import type { BoundKind, BulkKind, DeliveryProgress } from './bulk-kind.js';
import { runnerName, type PostEnv } from './post-once.js';
import { ProgressMessage } from './progress-message.js';
import { untilDatabase, type DatabasePatience } from './until-database.js';

/** The one Agenda job that runs every kind of bulk work. */
export const BULK_RUN_JOB = 'bulk-run';

export interface BulkRunJobData {
  runId: string;
}

interface RunnerEnv {
  deps: AppDeps;
  kinds: Map<string, BulkKind>;
  runner: string;
  hooks: BulkRunHooks;
}

/** What the app does around every kind's runs. */
export interface BulkRunHooks {
  /**
   * A run had a page cut off in its middle (its runner stopped) and applied again. The page's
   * items are applied once by their own records, but counters that services move with a `$inc`
   * after a person's write (the adoption funnel, decision 021) may have missed the cut-off moves:
   * the app recounts them now rather than at the next daily recount. Runs again on resume.
   */
  afterInterruptedApply(jobs: Agenda, orgId: string): Promise<void>;
}

/**
 * Defines the bulk-run job. Each running job touches its Agenda lock (and the run's heartbeat)
 * every third of the lock lifetime, so a process that dies loses its runs to another runner within
 * one lock lifetime. Agenda may hand this process a run it is already running (its lock looked
 * expired while the database was away): the second invocation waits for the first instead of
 * running it twice. A second runner elsewhere is harmless anyway: every page and message is
 * applied once by its own records, not by the lock (decision 016).
 */
export function defineBulkRunJob(agenda: Agenda, deps: AppDeps, kinds: BulkKind[], hooks: BulkRunHooks): void {
  const env: RunnerEnv = { deps, kinds: new Map(kinds.map((k) => [k.name, k])), runner: runnerName(), hooks };
  const inProcess = new Map<string, Promise<void>>();
  agenda.define<BulkRunJobData>(
    BULK_RUN_JOB,
    async (job: Job<BulkRunJobData>) => {
      const runId = job.attrs.data.runId;
      const stop = keepAlive(job, deps, runId);
      try {
        let work = inProcess.get(runId);
        if (!work) {
          work = runBulkRun(env, runId).finally(() => inProcess.delete(runId));
          inProcess.set(runId, work);
        }
        await work;
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs, concurrency: 5 },
  );
}

/** Schedules a run (at most one job per run: a second request for it finds the first). */
export async function scheduleBulkRun(agenda: Agenda, runId: string): Promise<void> {
  await agenda
    .create<BulkRunJobData>(BULK_RUN_JOB, { runId })
    .unique({ 'data.runId': runId }, { insertOnly: true })
    .save();
}

function keepAlive(job: Job<BulkRunJobData>, deps: AppDeps, runId: string): () => void {
  return keepJobAlive(job, deps, () => heartbeatRun(deps.store, runId, new Date()));
}

async function runBulkRun(env: RunnerEnv, runId: string): Promise<void> {
  const { deps } = env;
  const patience: DatabasePatience = untilDatabase(deps.log, runId);
  const untilDb = patience.run;
  const run = await untilDb(() => findBulkRun(deps.store, runId));
  if (!run || !['queued', 'applying', 'delivering'].includes(run.status)) return;
  const kind = env.kinds.get(run.kind);
  const bound = kind ? kind.bind(run.input) : { problem: `ub no longer knows how to run "${run.kind}"` };
  const now = () => deps.now();
  if ('problem' in bound) {
    deps.log.error('jobs: bulk run cannot start', { runId, problem: bound.problem });
    await untilDb(() => finishRun(deps.store, runId, now(), bound.problem));
    return;
  }
  const post: PostEnv = {
    store: deps.store,
    client: await deps.slack.forOrganization(run.orgId),
    orgId: run.orgId,
    runId,
    runner: env.runner,
    leaseMs: deps.jobLockLifetimeMs,
    log: deps.log,
  };
  const ctx: ServiceContext = {
    store: deps.store,
    orgId: run.orgId,
    actor: run.actor,
    source: run.source,
    now,
    requestId: run.requestId,
  };
  const progress = new ProgressMessage(post, runId, run.notifyUserId);
  const reported = bound.reported();
  // A result that leaves items out offers them all, page by page ("Show all").
  const render = (result: BulkResult, delivery: DeliveryProgress | undefined) =>
    withShowAll(bound.result(result, delivery), runId, {
      done: result.done,
      skipped: [...result.skipped, ...reported.filter((o) => o.status === 'skipped')],
      failed: [...result.failed, ...reported.filter((o) => o.status === 'failed')],
    });
  const title = bound.title(run.total);
  const counts = { ...run.counts };
  const handled = () => counts.done + counts.skipped + counts.failed;
  const progressView = (note?: string) =>
    bulkProgressBlocks({ title, handled: handled(), total: run.total, ...(note ? { note } : {}) });
  patience.onPause = (since) =>
    progress.show(
      progressView(
        `ub cannot reach its database (since ${since.toISOString().slice(11, 16)} UTC). Nothing is lost: it carries on by itself when the database is back.`,
      ),
      { force: true },
    );
  patience.onResume = () => progress.show(progressView(), { force: true });

  try {
    if (!run.resultShownAt) {
      await progress.show(progressView(), { force: true });
      if (run.status === 'queued') await untilDb(() => setRunStatus(deps.store, runId, 'applying'));
      const counted = new Set(run.countedPages);
      for (let page = 0; page < run.pages; page += 1) {
        if (counted.has(page)) continue;
        const outcomes = await untilDb(() => applyPage(deps, bound, ctx, run, page));
        for (const outcome of outcomes) counts[outcome.status] += 1;
        await progress.show(progressView());
      }
    }
    if (run.applyInterrupted || (await untilDb(() => findBulkRun(deps.store, runId)))?.applyInterrupted) {
      deps.log.warn('jobs: a bulk run page was applied again after a stop; recounting the adoption funnel', {
        runId,
        orgId: run.orgId,
      });
      await untilDb(() => env.hooks.afterInterruptedApply(deps.jobs, run.orgId));
    }
    const keys = Array.from({ length: run.pages }, (_, page) => pageKey(runId, page));
    await untilDb(() => bound.afterApply(ctx, keys));
    const { result, wanted } = await untilDb(() => collectResult(deps, bound, run));
    const afterResult = () =>
      untilDb(() => bound.afterResult({ ctx, jobs: deps.jobs, runId, notifyUserId: run.notifyUserId }));
    if (!bound.delivers) {
      await showFinal(progress, render(result, undefined));
      await untilDb(() => markResultShown(deps.store, runId, now()));
      await afterResult();
      await untilDb(() => finishRun(deps.store, runId, now()));
      return;
    }
    const delivery: DeliveryProgress = {
      wanted,
      sent: run.delivery.sent,
      notSent: run.delivery.notSent,
      finished: false,
    };
    await showFinal(progress, render(result, delivery));
    await untilDb(() => markResultShown(deps.store, runId, now()));
    // Before the messages: an import's result file should not wait for thousands of invitation DMs.
    await afterResult();
    await untilDb(() => setRunStatus(deps.store, runId, 'delivering'));
    const delivered = new Set(run.deliveredPages);
    for (let page = 0; page < run.pages; page += 1) {
      if (delivered.has(page)) continue;
      const resumed = run.deliveringPage === page;
      if (!resumed) await untilDb(() => markDeliveringPage(deps.store, runId, page));
      const pageCounts = await deliverPage(deps, bound, post, ctx, run, page, resumed, untilDb, async (moved) => {
        await progress.show(
          render(result, {
            ...delivery,
            sent: delivery.sent + moved.sent,
            notSent: delivery.notSent + moved.notSent,
          }),
        );
      });
      await untilDb(() => countPageDeliveries(deps.store, runId, page, pageCounts));
      delivery.sent += pageCounts.sent;
      delivery.notSent += pageCounts.notSent;
    }
    await showFinal(progress, render(result, { ...delivery, finished: true }));
    await untilDb(() => finishRun(deps.store, runId, now()));
  } catch (error) {
    // The database stayed away past our patience: the job fails, and the run is resumed once it is back.
    if (isDatabaseUnreachable(error)) throw error;
    const problem = toUbError(error);
    deps.log.error('jobs: bulk run stopped', { runId, errorId: problem.id, error });
    const reason =
      problem.code === 'internal' ? `something went wrong on our side (reference ${problem.id})` : problem.message;
    const latest = (await findBulkRun(deps.store, runId).catch(() => undefined)) ?? run;
    await finishRun(deps.store, runId, now(), reason).catch(() => undefined);
    await progress.show(bulkStoppedBlocks({ title, total: run.total, counts: latest.counts, reason }), { force: true });
  }
}

/**
 * Applies one page once: its outcomes are recorded by the first runner to finish it, and counted
 * into the run's counters once. A page whose outcomes are recorded is only counted (a crash may
 * have come between the two).
 */
async function applyPage(
  deps: AppDeps,
  bound: BoundKind,
  ctx: ServiceContext,
  run: BulkRun,
  page: number,
): Promise<BulkOutcome[]> {
  const stored = await readRunPage(deps.store, run.id, page);
  const key = pageKey(run.id, page);
  let outcomes = stored.outcomes;
  if (!outcomes) {
    // Found as the page being applied: a runner stopped in its middle (see BulkRunHooks).
    if (run.applyingPage === page) await markApplyInterrupted(deps.store, run.id);
    else await markApplyingPage(deps.store, run.id, page);
    const applied = await bound.applyPage(ctx, {
      key,
      runId: run.id,
      first: page * run.pageSize,
      items: stored.items,
    });
    outcomes = await recordPageOutcomes(deps.store, run.id, page, applied);
  }
  await countRunPage(deps.store, run.id, page, outcomes);
  return outcomes;
}

/** The page's name for the kind's services (their batch id): `<runId>:p0003`. */
function pageKey(runId: string, page: number): string {
  return `${runId}:p${String(page).padStart(4, '0')}`;
}

/** The run's result from its pages, and how many of its done items get a message. */
async function collectResult(
  deps: AppDeps,
  bound: BoundKind,
  run: BulkRun,
): Promise<{ result: BulkResult; wanted: number }> {
  const outcomes: BulkOutcome[] = [];
  let wanted = 0;
  for (let page = 0; page < run.pages; page += 1) {
    const stored = await readRunPage(deps.store, run.id, page);
    (stored.outcomes ?? []).forEach((outcome, i) => {
      outcomes.push(outcome);
      if (bound.delivers && outcome.status === 'done' && bound.wants(stored.items[i])) wanted += 1;
    });
  }
  return { result: bulkResultOf(outcomes), wanted };
}

/** The result must reach the person: a few tries before giving up (the run's data stays either way). */
async function showFinal(progress: ProgressMessage, message: Parameters<ProgressMessage['show']>[0]): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    if (await progress.show(message, { force: true })) return;
    await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
  }
}
