import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import type { Store } from '../store.js';

/** Far longer than a batch of 1,000 events takes on the slowest engine: older markers belong to no live batch. */
export const CUT_OFF_AFTER_MS = 10 * 60_000;

/**
 * Runs one batch of learning activity with a marker around it (decision 051). A batch's people are
 * written before the funnel counters they move (decisions 021, 033); a crash between the two leaves
 * the counters short, and the batch sent again cannot see it (the people have crossed already).
 * The marker, left behind by such a crash or by a batch that failed, tells the sweep to recount the
 * organization's funnels. It is removed only once the batch went through.
 */
export async function withActivityBatchMarker<T>(ctx: ServiceContext, apply: () => Promise<T>): Promise<T> {
  const _id = randomUUID();
  await ctx.store.activityBatches.create({ _id, orgId: ctx.orgId, startedAt: ctx.now() });
  const result = await apply();
  await ctx.store.activityBatches.deleteOne({ _id }).exec();
  return result;
}

/**
 * The organizations with a batch cut off before `startedBefore`, their markers removed. The
 * collection holds only the batches in flight, so the filter reads a handful of documents.
 */
export async function takeCutOffActivityBatches(store: Store, startedBefore: Date): Promise<string[]> {
  const stale = await store.activityBatches
    .find({ startedAt: { $lt: startedBefore } })
    .select({ orgId: 1 })
    .lean()
    .exec();
  if (stale.length === 0) return [];
  await store.activityBatches.deleteMany({ _id: { $in: stale.map((m) => m._id) } }).exec();
  return [...new Set(stale.map((m) => m.orgId))];
}
