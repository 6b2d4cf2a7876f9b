import { z } from 'zod';
import { assertCan } from './authorization.js';
import type { ServiceContext } from './context.js';
import { personKey, type BulkOutcome } from './domain.js';
import { recordActivity } from './insights/record-activity.js';
import { activityRowEvents, type ActivityRow } from './imports/read-activity-csv.js';
import type { RowProblem } from './imports/read-import-csv.js';
import { recordAuditOnce } from './record-audit.js';

/**
 * One row of an activity import as its dry run decided it (a bulk run's item): the events it stands
 * for, or why it records nothing.
 */
export const activityImportItemSchema = z.object({
  row: z.number().int(),
  email: z.string(),
  kind: z.enum(['record', 'unchanged', 'problem']),
  courseId: z.string().optional(),
  /** The row's events as `POST /api/v1/activity` takes them, ids derived from the row. */
  events: z.array(z.record(z.string(), z.unknown())),
  reason: z.string().optional(),
});
export type ActivityImportItem = z.infer<typeof activityImportItemSchema>;

/** The bulk-run kind of an activity import (its job is src/jobs/import-activity.ts). */
export const IMPORT_ACTIVITY_KIND = 'import-activity';

/** What the dry run decided for a row, for the preview file: the events it records, or why none. */
export function describeActivityImportRow(item: ActivityImportItem): { change: string; details: string } {
  if (item.kind === 'problem') return { change: 'problem', details: item.reason ?? '' };
  if (item.kind === 'unchanged') return { change: 'no change', details: item.reason ?? 'already recorded' };
  const types = item.events.map((e) => String(e.type ?? '').replace('_', ' '));
  return { change: 'record', details: `${item.courseId ?? ''}: ${types.join(', ')}` };
}

export const activityImportInputSchema = z.object({ fileName: z.string() });
export type ActivityImportInput = z.infer<typeof activityImportInputSchema>;

export interface ActivityImportPlan {
  items: ActivityImportItem[];
  counts: { record: number; unchanged: number; problems: number; events: number };
  problems: RowProblem[];
}

/** Reads going to the server at once during the dry run (each an `_id` read). */
const READ_CONCURRENCY = 50;

/** Only admins import learning activity: it moves everyone's funnel and insights (decision 041). */
export function assertMayImportActivity(ctx: ServiceContext): void {
  assertCan(ctx.actor, 'activity.import');
}

/**
 * The dry run of an activity import: each row's events, and whether applying them would record
 * anything. A row naming nobody in ub is a problem (the activity endpoint would reject it); a row
 * whose every event is recorded already (the same file imported again) changes nothing. Nothing is written.
 */
export async function planActivityImport(
  ctx: ServiceContext,
  file: { rows: ActivityRow[]; problems: RowProblem[] },
): Promise<ActivityImportPlan> {
  assertMayImportActivity(ctx);
  const items: ActivityImportItem[] = [];
  for (let start = 0; start < file.rows.length; start += READ_CONCURRENCY)
    items.push(
      ...(await Promise.all(file.rows.slice(start, start + READ_CONCURRENCY).map((row) => planRow(ctx, row)))),
    );
  for (const bad of file.problems)
    items.push({ row: bad.row, email: bad.email, kind: 'problem', events: [], reason: bad.reason });
  items.sort((a, b) => a.row - b.row);
  const counts = { record: 0, unchanged: 0, problems: 0, events: 0 };
  for (const item of items) {
    if (item.kind === 'problem') counts.problems += 1;
    else counts[item.kind] += 1;
    if (item.kind === 'record') counts.events += item.events.length;
  }
  const problems = items.flatMap((i) =>
    i.kind === 'problem' ? [{ row: i.row, email: i.email, reason: i.reason ?? '' }] : [],
  );
  return { items, counts, problems };
}

async function planRow(ctx: ServiceContext, row: ActivityRow): Promise<ActivityImportItem> {
  const events = activityRowEvents(row);
  const base = { row: row.row, email: row.email, courseId: row.courseId };
  const member = await ctx.store.users.findById(personKey(ctx.orgId, row.email)).select({ _id: 1 }).lean().exec();
  if (!member)
    return { ...base, kind: 'problem', events: [], reason: 'names nobody in ub (not a member of this account)' };
  const known = await Promise.all(
    events.map((e) => ctx.store.activityEvents.findById(`${ctx.orgId}:e:${e.id}`).select({ _id: 1 }).lean().exec()),
  );
  if (known.every(Boolean)) return { ...base, kind: 'unchanged', events: [], reason: 'already recorded' };
  return { ...base, kind: 'record', events: events.map((e) => ({ ...e })) };
}

/**
 * Applies a page of an activity import through `recordActivity`, the activity endpoint's service
 * (one call for the page's events). Each event id derives from its row, so the page applied again
 * after a crash finds its events recorded (duplicates) and changes nothing twice. One audit entry
 * per page (its id derived from the page) says who imported how many rows.
 */
export async function applyActivityImportPage(
  runCtx: ServiceContext,
  page: { key: string; runId: string; items: ActivityImportItem[] },
): Promise<BulkOutcome[]> {
  assertMayImportActivity(runCtx);
  const ctx: ServiceContext = { ...runCtx, source: 'import', requestId: page.runId };
  const owners: number[] = [];
  const events: unknown[] = [];
  page.items.forEach((item, i) => {
    if (item.kind !== 'record') return;
    for (const event of item.events) {
      owners.push(i);
      events.push(event);
    }
  });
  const failures = new Map<number, string>();
  let recorded = { applied: 0, duplicates: 0 };
  if (events.length > 0) {
    const result = await recordActivity(ctx, events);
    recorded = result;
    for (const rejected of result.rejected) {
      const i = owners[rejected.index]!;
      if (!failures.has(i)) failures.set(i, `${rejected.field} ${rejected.reason}`);
    }
  }
  const outcomes = page.items.map((item, i): BulkOutcome => {
    const where = `row ${item.row}`;
    if (item.kind === 'problem')
      return { status: 'failed', email: item.email, reason: `${where}: ${item.reason ?? ''}` };
    if (item.kind === 'unchanged')
      return { status: 'skipped', email: item.email, reason: `${where}: ${item.reason ?? 'nothing to record'}` };
    const failed = failures.get(i);
    return failed
      ? { status: 'failed', email: item.email, reason: `${where}: ${failed}` }
      : { status: 'done', email: item.email, reason: '' };
  });
  const done = outcomes.filter((o) => o.status === 'done').length;
  if (done > 0)
    await recordAuditOnce(ctx, [
      {
        id: `${page.key}:activity.imported`,
        action: 'activity.imported',
        targetType: 'import',
        targetId: page.runId,
        after: { rows: done, events: recorded.applied + recorded.duplicates },
      },
    ]);
  return outcomes;
}
