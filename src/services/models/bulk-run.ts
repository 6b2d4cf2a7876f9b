import { Schema, type Connection } from 'mongoose';
import type { AuditSource, BulkOutcome, ManagedGroup, Role } from '../domain.js';

/** Where a bulk run is: prepared (draft: waiting for a Confirm), then applied, then its messages delivered. */
export type BulkRunStatus = 'preparing' | 'draft' | 'queued' | 'applying' | 'delivering' | 'finished' | 'stopped';

export interface BulkRunCounts {
  done: number;
  skipped: number;
  failed: number;
}

/**
 * One piece of bulk work (an invite of 1,000 addresses, a resend of every pending invitation…),
 * run by an Agenda job and resumed after a crash (docs/decisions/016-durable-bulk-runs.md). The
 * `_id` is derived from the Slack request that asked for it, so a retried or double-clicked
 * request finds the same run. Its items live in pages (bulk_run_pages), read by `_id`.
 */
export interface BulkRunDoc {
  _id: string;
  orgId: string;
  kind: string;
  /** What identifies the request across Slack retries and double clicks (a trigger id, a view id…). */
  requestKey: string;
  /** Who asked, as authorized when the run was created: the run acts with exactly these rights. */
  actor: {
    slackUserId: string | undefined;
    email: string | undefined;
    userId: string | undefined;
    role: Role;
    managedGroups: ManagedGroup[];
  };
  source: AuditSource;
  requestId: string | undefined;
  /** The kind's own input (validated by the kind when a runner reads it). */
  input: Record<string, unknown>;
  total: number;
  pageSize: number;
  pages: number;
  status: BulkRunStatus;
  /** Items applied so far, moved with `$inc` once per page (countedPages says which pages are in). */
  counts: BulkRunCounts;
  countedPages: number[];
  /** Messages of the delivery phase (invitation DMs), also moved once per page. */
  delivery: { sent: number; notSent: number };
  deliveredPages: number[];
  /** The page whose messages are going out: after a crash, only its items need their records read. */
  deliveringPage: number | undefined;
  /** The page being applied: found again by the runner that resumes, it was cut off in its middle. */
  applyingPage: number | undefined;
  /**
   * A page was applied again after a runner stopped in its middle: counters its services move apart
   * from their documents (the adoption funnel, decision 021) may have missed its moves.
   */
  applyInterrupted: boolean | undefined;
  /** The Slack user who sees the progress message (a DM from ub). */
  notifyUserId: string | undefined;
  /** Set once the per-item result has been shown: the summary-posted marker. */
  resultShownAt: Date | undefined;
  finishedAt: Date | undefined;
  /** Why a run stopped before its end, in words for the person who started it. */
  stoppedBecause: string | undefined;
  /** Written by the runner every third of the lock lifetime; a stale one means nobody runs it. */
  heartbeatAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const bulkRunSchema = new Schema<BulkRunDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    kind: { type: String, required: true },
    requestKey: { type: String, required: true },
    actor: {
      slackUserId: { type: String },
      email: { type: String },
      userId: { type: String },
      role: { type: String, required: true },
      managedGroups: {
        type: [{ _id: false, groupId: { type: String, required: true }, permissions: { type: [String], default: [] } }],
        default: [],
      },
    },
    source: { type: String, required: true },
    requestId: { type: String },
    input: { type: Schema.Types.Mixed, default: {} },
    total: { type: Number, required: true },
    pageSize: { type: Number, required: true },
    pages: { type: Number, required: true },
    status: { type: String, required: true },
    counts: {
      done: { type: Number, default: 0 },
      skipped: { type: Number, default: 0 },
      failed: { type: Number, default: 0 },
    },
    countedPages: { type: [Number], default: [] },
    delivery: { sent: { type: Number, default: 0 }, notSent: { type: Number, default: 0 } },
    deliveredPages: { type: [Number], default: [] },
    deliveringPage: { type: Number },
    applyingPage: { type: Number },
    applyInterrupted: { type: Boolean },
    notifyUserId: { type: String },
    resultShownAt: { type: Date },
    finishedAt: { type: Date },
    stoppedBecause: { type: String },
    heartbeatAt: { type: Date },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
bulkRunSchema.index({ status: 1, heartbeatAt: 1 });
bulkRunSchema.index({ orgId: 1, createdAt: -1 });

/** Up to a page of a run's items and, once applied, their outcomes: one `_id` read and one write per page. */
export interface BulkRunPageDoc {
  /** `<runId>:p<page, 4 digits>` */
  _id: string;
  runId: string;
  orgId: string;
  page: number;
  items: unknown[];
  /** Set once, by whichever runner applied the page first. */
  outcomes: BulkOutcome[] | null;
}

const bulkRunPageSchema = new Schema<BulkRunPageDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    orgId: { type: String, required: true },
    page: { type: Number, required: true },
    items: { type: [Schema.Types.Mixed], default: [] },
    outcomes: { type: Schema.Types.Mixed, default: null },
  },
  { versionKey: false, minimize: false },
);
bulkRunPageSchema.index({ runId: 1 });

export function bulkRunModel(connection: Connection) {
  return connection.model<BulkRunDoc>('BulkRun', bulkRunSchema, 'bulk_runs');
}

export function bulkRunPageModel(connection: Connection) {
  return connection.model<BulkRunPageDoc>('BulkRunPage', bulkRunPageSchema, 'bulk_run_pages');
}
