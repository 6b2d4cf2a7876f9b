import type { AppDeps } from '../../deps.js';
import { readRunPage, type BulkRun } from '../../services/bulk-runs/bulk-run-repository.js';
import type { ServiceContext } from '../../services/context.js';
import type { BulkOutcome } from '../../services/domain.js';
import { isDatabaseUnreachable } from '../../services/errors.js';
import type { BoundKind } from './bulk-kind.js';
import type { PostEnv } from './post-once.js';
import type { DatabasePatience } from './until-database.js';

/** Messages of the delivery phase sent at once (the Web API client queues and paces them by Retry-After). */
const DELIVERY_CONCURRENCY = 4;
/** Attempts of one item's message when Slack fails in a way that may pass (beyond the client's own retries). */
const DELIVERY_ATTEMPTS = 3;

/** Sends the messages of one page's done items, a few at a time; returns how many went out and how many did not. */
export async function deliverPage(
  deps: AppDeps,
  bound: BoundKind,
  post: PostEnv,
  ctx: ServiceContext,
  run: BulkRun,
  page: number,
  resumed: boolean,
  untilDb: DatabasePatience['run'],
  onProgress: (moved: { sent: number; notSent: number }) => Promise<void>,
): Promise<{ sent: number; notSent: number }> {
  const stored = await untilDb(() => readRunPage(deps.store, run.id, page));
  const first = page * run.pageSize;
  const todo = (stored.outcomes ?? []).flatMap((outcome, i) =>
    outcome.status === 'done' && bound.wants(stored.items[i])
      ? [{ outcome, item: stored.items[i], index: first + i }]
      : [],
  );
  const moved = { sent: 0, notSent: 0 };
  const records: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < todo.length) {
      const { outcome, item, index } = todo[next++]!;
      const env = { ctx, post, itemKey: `${run.id}:${index}`, mayBeDone: resumed };
      const sent = await deliverItem(deps, bound, env, item, outcome, untilDb);
      if (sent.record !== undefined) records.push(sent.record);
      if (sent.counted) moved.sent += 1;
      else moved.notSent += 1;
      await onProgress(moved);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, todo.length) }, worker));
  // Before the page is counted: a crash before this leaves the page to be delivered again, and its
  // messages, found posted, come back with their records.
  await untilDb(() => bound.recordPage(ctx, records));
  return moved;
}

async function deliverItem(
  deps: AppDeps,
  bound: BoundKind,
  env: Parameters<BoundKind['send']>[0],
  item: unknown,
  outcome: BulkOutcome,
  untilDb: DatabasePatience['run'],
): Promise<{ counted: boolean; record?: unknown }> {
  let failures = 0;
  for (;;) {
    try {
      const { outcome: posted, record } = await untilDb(() => bound.send(env, item, outcome));
      if (posted.state !== 'busy')
        return { counted: posted.state === 'sent', ...(record !== undefined ? { record } : {}) };
      // Claimed by a runner within its lease: a live one finishes in moments, a dead one (killed just
      // now) must be outlived before its claim is checked in Slack. Either way, ask again shortly:
      // counting it now would leave its record to a runner that may never write it.
      await new Promise((resolve) => setTimeout(resolve, Math.max(50, Math.floor(env.post.leaseMs / 4))));
    } catch (error) {
      if (isDatabaseUnreachable(error)) throw error;
      failures += 1;
      if (failures >= DELIVERY_ATTEMPTS) {
        deps.log.warn('jobs: message not delivered', { itemKey: env.itemKey, error: (error as Error).message });
        return { counted: false };
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000 * failures));
    }
  }
}
