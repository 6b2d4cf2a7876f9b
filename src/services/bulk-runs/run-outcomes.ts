import type { ServiceContext } from '../context.js';
import type { BulkOutcome } from '../domain.js';
import { UbError } from '../errors.js';
import { findBulkRun, readRunPage, type BulkRun } from './bulk-run-repository.js';

/**
 * A bulk run whose every outcome the actor may read: the person who started it, or an admin
 * (a result names people and why they failed). Runs are kept a week after they end.
 */
export async function runForOutcomes(ctx: ServiceContext, runId: string): Promise<BulkRun> {
  const run = await findBulkRun(ctx.store, runId);
  if (!run || run.orgId !== ctx.orgId)
    throw new UbError('not_found', 'This result is no longer kept: ub keeps the results of bulk work for a week.');
  const starter =
    (run.actor.email !== undefined && run.actor.email === ctx.actor.email) ||
    (run.actor.slackUserId !== undefined && run.actor.slackUserId === ctx.actor.slackUserId);
  if (!starter && ctx.actor.role !== 'admin')
    throw new UbError('not_authorized', 'Only the person who started this, or an admin, can see its result.');
  return run;
}

/** The outcomes of one page of a run (one `_id` read), or null while that page is not applied yet. */
export async function runPageOutcomes(ctx: ServiceContext, run: BulkRun, page: number): Promise<BulkOutcome[] | null> {
  return (await readRunPage(ctx.store, run.id, page)).outcomes;
}
