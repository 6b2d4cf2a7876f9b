import { createHash } from 'node:crypto';
import type { Actor } from '../context.js';
import type { AuditSource, BulkOutcome } from '../domain.js';
import { isDuplicateKey, onlyDuplicateKeys } from '../errors.js';
import type { BulkRunCounts, BulkRunDoc, BulkRunStatus } from '../models/bulk-run.js';
import type { Store } from '../store.js';

export type { BulkRunCounts, BulkRunStatus } from '../models/bulk-run.js';

/** Items per page: one `_id` read, one outcome write and one counter `$inc` per this many items. */
export const BULK_PAGE_SIZE = 100;

/** A bulk run as runners and commands see it (a plain object, never a document). */
export interface BulkRun {
  id: string;
  orgId: string;
  kind: string;
  actor: Actor;
  source: AuditSource;
  requestId: string | undefined;
  input: Record<string, unknown>;
  total: number;
  pageSize: number;
  pages: number;
  status: BulkRunStatus;
  counts: BulkRunCounts;
  countedPages: number[];
  delivery: { sent: number; notSent: number };
  deliveredPages: number[];
  deliveringPage: number | undefined;
  applyingPage: number | undefined;
  applyInterrupted: boolean;
  notifyUserId: string | undefined;
  resultShownAt: Date | undefined;
  finishedAt: Date | undefined;
  stoppedBecause: string | undefined;
  createdAt: Date;
}

export interface NewBulkRun {
  orgId: string;
  kind: string;
  /** What identifies the Slack request across retries and double clicks. */
  requestKey: string;
  actor: Actor;
  source: AuditSource;
  requestId: string | undefined;
  input: Record<string, unknown>;
  items: unknown[];
  /** `draft` waits for a Confirm (confirmBulkRun); `queued` is ready to run. */
  status: 'draft' | 'queued';
  notifyUserId: string | undefined;
}

/**
 * The run id of a request: the same Slack request (a retry, a double click, a double submit)
 * always gives the same id, so it can only ever start one run. No dots: ids name fields of the
 * seat and member-count tokens.
 */
export function bulkRunId(orgId: string, kind: string, requestKey: string): string {
  const digest = createHash('sha256').update(`${kind}\n${requestKey}`).digest('hex').slice(0, 20);
  return `${orgId}:run:${digest}`;
}

export function bulkRunPageId(runId: string, page: number): string {
  return `${runId}:p${String(page).padStart(4, '0')}`;
}

/**
 * Creates a run and its pages, or finds the run this request created already (`created: false`).
 * The run is written first as `preparing`, then its pages (duplicates ignored), then its status:
 * a creation cut short is finished by the next attempt of the same request, and a runner never
 * sees a run whose pages are not all there.
 */
export async function createBulkRun(store: Store, spec: NewBulkRun): Promise<{ run: BulkRun; created: boolean }> {
  const _id = bulkRunId(spec.orgId, spec.kind, spec.requestKey);
  const pages = Math.max(1, Math.ceil(spec.items.length / BULK_PAGE_SIZE));
  let created = true;
  try {
    await store.bulkRuns.create({
      _id,
      orgId: spec.orgId,
      kind: spec.kind,
      requestKey: spec.requestKey,
      actor: {
        slackUserId: spec.actor.slackUserId,
        email: spec.actor.email,
        userId: spec.actor.userId,
        role: spec.actor.role,
        managedGroups: spec.actor.managedGroups,
      },
      source: spec.source,
      requestId: spec.requestId,
      input: spec.input,
      total: spec.items.length,
      pageSize: BULK_PAGE_SIZE,
      pages,
      status: 'preparing',
      notifyUserId: spec.notifyUserId,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    created = false;
  }
  const existing = (await store.bulkRuns.findById(_id).lean().exec())!;
  if (existing.status !== 'preparing') return { run: toRun(existing), created: false };
  const docs = Array.from({ length: pages }, (_, page) => ({
    _id: bulkRunPageId(_id, page),
    runId: _id,
    orgId: spec.orgId,
    page,
    items: spec.items.slice(page * BULK_PAGE_SIZE, (page + 1) * BULK_PAGE_SIZE),
    outcomes: null,
  }));
  try {
    await store.bulkRunPages.insertMany(docs, { ordered: false });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
  }
  await store.bulkRuns.updateOne({ _id, status: 'preparing' }, { $set: { status: spec.status } }).exec();
  return { run: toRun((await store.bulkRuns.findById(_id).lean().exec())!), created };
}

export async function findBulkRun(store: Store, runId: string): Promise<BulkRun | undefined> {
  const doc = await store.bulkRuns.findById(runId).lean().exec();
  return doc ? toRun(doc) : undefined;
}

/** Starts a draft run (its Confirm was clicked); `confirmed: false` when it had started already. */
export async function confirmBulkRun(
  store: Store,
  orgId: string,
  runId: string,
): Promise<{ run: BulkRun; confirmed: boolean } | undefined> {
  const confirmed = await store.bulkRuns
    .updateOne({ _id: runId, orgId, status: 'draft' }, { $set: { status: 'queued' } })
    .exec();
  const run = await findBulkRun(store, runId);
  if (!run || run.orgId !== orgId) return undefined;
  return { run, confirmed: confirmed.modifiedCount === 1 };
}

export interface RunPage {
  page: number;
  items: unknown[];
  outcomes: BulkOutcome[] | null;
}

export async function readRunPage(store: Store, runId: string, page: number): Promise<RunPage> {
  const doc = await store.bulkRunPages.findById(bulkRunPageId(runId, page)).lean().exec();
  if (!doc) throw new Error(`bulk run ${runId} has no page ${page}`);
  return { page, items: doc.items, outcomes: doc.outcomes };
}

/**
 * Records a page's outcomes. Filtered by `_id` alone (any other condition is a full collection scan
 * on FerretDB/SQLite, and pages pile up for a week): the runner has just read the page without
 * outcomes, and a second runner applying the same page at the same time computes the same outcomes
 * (every write of a page recognizes its own earlier attempt), so the last write changes nothing.
 */
export async function recordPageOutcomes(
  store: Store,
  runId: string,
  page: number,
  outcomes: BulkOutcome[],
): Promise<BulkOutcome[]> {
  await store.bulkRunPages.updateOne({ _id: bulkRunPageId(runId, page) }, { $set: { outcomes } }).exec();
  return outcomes;
}

/** Adds a page's outcomes to the run's counters, once per page (the page number is recorded in the same update). */
export async function countRunPage(store: Store, runId: string, page: number, outcomes: BulkOutcome[]): Promise<void> {
  const counts = { done: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) counts[o.status] += 1;
  await store.bulkRuns
    .updateOne(
      { _id: runId, countedPages: { $ne: page } },
      {
        $inc: { 'counts.done': counts.done, 'counts.skipped': counts.skipped, 'counts.failed': counts.failed },
        $push: { countedPages: page },
      },
    )
    .exec();
}

/** Adds a page's delivered messages to the run's counters, once per page. */
export async function countPageDeliveries(
  store: Store,
  runId: string,
  page: number,
  delivered: { sent: number; notSent: number },
): Promise<void> {
  await store.bulkRuns
    .updateOne(
      { _id: runId, deliveredPages: { $ne: page } },
      {
        $inc: { 'delivery.sent': delivered.sent, 'delivery.notSent': delivered.notSent },
        $push: { deliveredPages: page },
      },
    )
    .exec();
}

/** Notes the page whose messages are going out now (see BulkRunDoc.deliveringPage). */
export async function markDeliveringPage(store: Store, runId: string, page: number): Promise<void> {
  await store.bulkRuns.updateOne({ _id: runId }, { $set: { deliveringPage: page } }).exec();
}

/** Notes the page being applied now (see BulkRunDoc.applyingPage). */
export async function markApplyingPage(store: Store, runId: string, page: number): Promise<void> {
  await store.bulkRuns.updateOne({ _id: runId }, { $set: { applyingPage: page } }).exec();
}

/** Notes that a page was cut off in its middle and applied again (see BulkRunDoc.applyInterrupted). */
export async function markApplyInterrupted(store: Store, runId: string): Promise<void> {
  await store.bulkRuns.updateOne({ _id: runId }, { $set: { applyInterrupted: true } }).exec();
}

export async function setRunStatus(store: Store, runId: string, status: BulkRunStatus): Promise<void> {
  await store.bulkRuns
    .updateOne({ _id: runId, status: { $nin: ['finished', 'stopped'] } }, { $set: { status } })
    .exec();
}

/** The summary-posted marker: the per-item result has been shown to the person who started the run. */
export async function markResultShown(store: Store, runId: string, now: Date): Promise<void> {
  await store.bulkRuns.updateOne({ _id: runId, resultShownAt: null }, { $set: { resultShownAt: now } }).exec();
}

/** Ends a run: `finished`, or `stopped` with the reason the person is told. */
export async function finishRun(store: Store, runId: string, now: Date, stoppedBecause?: string): Promise<void> {
  await store.bulkRuns
    .updateOne(
      { _id: runId, status: { $nin: ['finished', 'stopped'] } },
      {
        $set: {
          status: stoppedBecause ? 'stopped' : 'finished',
          finishedAt: now,
          ...(stoppedBecause ? { stoppedBecause } : {}),
        },
      },
    )
    .exec();
}

export async function heartbeatRun(store: Store, runId: string, now: Date): Promise<void> {
  await store.bulkRuns.updateOne({ _id: runId }, { $set: { heartbeatAt: now } }).exec();
}

/** Runs that should be running but that no runner has reported on since `before` (or ever, when older). */
export async function abandonedRuns(store: Store, before: Date): Promise<string[]> {
  const docs = await store.bulkRuns
    .find({
      status: { $in: ['queued', 'applying', 'delivering'] },
      $or: [{ heartbeatAt: { $lt: before } }, { heartbeatAt: null, createdAt: { $lt: before } }],
    })
    .select({ _id: 1 })
    .lean()
    .exec();
  return docs.map((d) => d._id);
}

/**
 * Deletes runs that ended before `endedBefore`, drafts nobody confirmed since `draftsBefore`, their
 * pages and posts, and the posts of requests made before `endedBefore`.
 */
export async function forgetOldRuns(store: Store, input: { endedBefore: Date; draftsBefore: Date }): Promise<number> {
  const old = await store.bulkRuns
    .find({
      $or: [
        { status: { $in: ['finished', 'stopped'] }, finishedAt: { $lt: input.endedBefore } },
        { status: 'draft', createdAt: { $lt: input.draftsBefore } },
      ],
    })
    .select({ _id: 1 })
    .lean()
    .exec();
  for (const { _id } of old) {
    await store.bulkRunPages.deleteMany({ runId: _id }).exec();
    await store.slackPosts.deleteMany({ runId: _id }).exec();
    await store.bulkRuns.deleteOne({ _id }).exec();
  }
  // The DMs of small requests, sent in the request itself, have no run to go with.
  await store.slackPosts.deleteMany({ runId: null, claimedAt: { $lt: input.endedBefore } }).exec();
  return old.length;
}

function toRun(doc: BulkRunDoc): BulkRun {
  return {
    id: doc._id,
    orgId: doc.orgId,
    kind: doc.kind,
    actor: {
      slackUserId: doc.actor.slackUserId ?? undefined,
      email: doc.actor.email ?? undefined,
      userId: doc.actor.userId ?? undefined,
      role: doc.actor.role,
      managedGroups: (doc.actor.managedGroups ?? []).map((g) => ({
        groupId: g.groupId,
        permissions: [...g.permissions],
      })),
    },
    source: doc.source,
    requestId: doc.requestId ?? undefined,
    input: doc.input ?? {},
    total: doc.total,
    pageSize: doc.pageSize,
    pages: doc.pages,
    status: doc.status,
    counts: { done: doc.counts?.done ?? 0, skipped: doc.counts?.skipped ?? 0, failed: doc.counts?.failed ?? 0 },
    countedPages: doc.countedPages ?? [],
    delivery: { sent: doc.delivery?.sent ?? 0, notSent: doc.delivery?.notSent ?? 0 },
    deliveredPages: doc.deliveredPages ?? [],
    deliveringPage: doc.deliveringPage ?? undefined,
    applyingPage: doc.applyingPage ?? undefined,
    applyInterrupted: doc.applyInterrupted ?? false,
    notifyUserId: doc.notifyUserId ?? undefined,
    resultShownAt: doc.resultShownAt ?? undefined,
    finishedAt: doc.finishedAt ?? undefined,
    stoppedBecause: doc.stoppedBecause ?? undefined,
    createdAt: doc.createdAt,
  };
}
