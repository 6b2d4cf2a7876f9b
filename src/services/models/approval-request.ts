import { Schema, type Connection } from 'mongoose';
import type { RequestKind, RequestOutcome, RequestStatus, Role } from '../domain.js';

/** Who asked, or who decided: a Slack user and the org member behind them, when there is one. */
export interface RequestPerson {
  slackUserId: string;
  email: string | undefined;
  role: Role;
}

/** What is asked: the person it is for, and the group for group kinds (by id: a rename changes nothing). */
export interface RequestSubject {
  email: string;
  groupId: string | undefined;
  /** The group's name when asked, for the card (the current name is read when it is carried out). */
  groupName: string | undefined;
  /** A time-bound grant: taken back this many days after it is carried out. */
  days: number | undefined;
}

/** One copy of the approver card: where it was posted, so a decision updates every copy in place. */
export interface RequestCard {
  channel: string;
  ts: string;
}

/**
 * A request for something its requester may not do themselves (issue 12). `_id` is
 * `<orgId>:<code>`, so a decision reads and changes it by `_id`, and an id from another
 * organization never resolves. Every change of state is one guarded update on this document
 * (`status: 'pending'` in the filter), which makes the first decision the only one
 * (decision 030).
 */
export interface ApprovalRequestDoc {
  _id: string;
  orgId: string;
  /** What people type and read: `/ub requests cancel K7Q2MX`. */
  code: string;
  kind: RequestKind;
  subject: RequestSubject;
  requester: RequestPerson;
  reason: string;
  status: RequestStatus;
  /** Slack user ids of the approvers the card went to (and of their delegates). */
  approverIds: string[];
  /** Delegations in force when it was routed: delegate → the approver they stand in for. */
  delegations: Array<{ delegate: string; for: string }>;
  /** The approvals channel the card went to, when it went to one. */
  channel: string | undefined;
  cards: RequestCard[];
  /** 2 when a policy asks two approvals for this kind (read when it was asked). */
  approvalsNeeded: number;
  /** The approvals given so far, while more are needed; the last one is also `decidedBy`. */
  approvals: RequestPerson[];
  decidedBy: RequestPerson | undefined;
  decidedAt: Date | undefined;
  /** The denier's reason. */
  note: string | undefined;
  outcome: RequestOutcome | undefined;
  /** Why it failed, or what was done, in words. */
  outcomeDetail: string | undefined;
  /** A time-bound grant carried out: when it is taken back, and whether the warning went out. */
  grantEndsAt: Date | undefined;
  grantWarnedAt: Date | undefined;
  grantEndedAt: Date | undefined;
  /** When a request still pending goes on to the org admins (group-level requests only). */
  escalateAt: Date | undefined;
  escalatedAt: Date | undefined;
  /** Approved without a seat: when it joined the waitlist (the order it is carried out in). */
  waitlistedAt: Date | undefined;
  /**
   * An outcome written and not yet told (cards updated, the invitee and the requester DMed): set
   * with the outcome, cleared once told; the sweep tells what a stopped process left untold.
   */
  tellDueAt: Date | undefined;
  /** Pending requests expire after this (7 days unless configured). */
  expiresAt: Date;
  /** The uniqueness key of "the same person asking the same thing" while it is pending. */
  dedupeKey: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const personSchema = {
  slackUserId: { type: String, required: true },
  email: { type: String },
  role: { type: String, required: true },
};

const approvalRequestSchema = new Schema<ApprovalRequestDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    code: { type: String, required: true },
    kind: { type: String, required: true },
    subject: {
      email: { type: String, required: true },
      groupId: { type: String },
      groupName: { type: String },
      days: { type: Number },
    },
    requester: personSchema,
    reason: { type: String, default: '' },
    status: { type: String, required: true },
    approverIds: { type: [String], default: [] },
    delegations: { type: [{ _id: false, delegate: String, for: String }], default: [] },
    channel: { type: String },
    cards: { type: [{ _id: false, channel: String, ts: String }], default: [] },
    approvalsNeeded: { type: Number, default: 1 },
    approvals: { type: [new Schema(personSchema, { _id: false })], default: [] },
    decidedBy: { type: new Schema(personSchema, { _id: false }), default: undefined },
    decidedAt: { type: Date },
    note: { type: String },
    outcome: { type: String },
    outcomeDetail: { type: String },
    grantEndsAt: { type: Date },
    grantWarnedAt: { type: Date },
    grantEndedAt: { type: Date },
    escalateAt: { type: Date },
    escalatedAt: { type: Date },
    waitlistedAt: { type: Date },
    tellDueAt: { type: Date },
    expiresAt: { type: Date, required: true },
    dedupeKey: { type: String, required: true },
    version: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
// What `/ub requests` and the lifecycle sweep ask; MongoDB uses these, FerretDB accepts them.
approvalRequestSchema.index({ orgId: 1, approverIds: 1, status: 1, createdAt: -1 });
approvalRequestSchema.index({ orgId: 1, 'requester.slackUserId': 1, createdAt: -1 });
approvalRequestSchema.index({ status: 1, expiresAt: 1 });
approvalRequestSchema.index({ status: 1, escalateAt: 1 });
approvalRequestSchema.index({ outcome: 1, grantEndsAt: 1 });
approvalRequestSchema.index({ orgId: 1, outcome: 1, waitlistedAt: 1 });
approvalRequestSchema.index({ tellDueAt: 1 }, { sparse: true });

/**
 * "This person has this exact request pending": `_id` is the request's dedupe key, inserted
 * before the request and deleted when it leaves pending. The insert of a unique `_id` is atomic
 * on every engine (decision 006), so two identical asks at once make one request.
 */
export interface PendingRequestKeyDoc {
  _id: string;
  requestId: string;
  createdAt: Date;
}

const pendingRequestKeySchema = new Schema<PendingRequestKeyDoc>(
  {
    _id: { type: String, required: true },
    requestId: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function approvalRequestModel(connection: Connection) {
  return connection.model<ApprovalRequestDoc>('ApprovalRequest', approvalRequestSchema, 'approval_requests');
}

export function pendingRequestKeyModel(connection: Connection) {
  return connection.model<PendingRequestKeyDoc>('PendingRequestKey', pendingRequestKeySchema, 'pending_request_keys');
}

/**
 * An approver away who hands their approvals to someone else until a date (`/ub approvals
 * delegate @x --until …`). `_id` is `<orgId>:<approver's Slack id>`, so routing reads it by `_id`
 * for each approver; it stops counting by itself once `until` has passed.
 */
export interface ApprovalDelegationDoc {
  _id: string;
  orgId: string;
  from: string;
  fromEmail: string;
  delegate: string;
  delegateEmail: string;
  until: Date;
  createdAt: Date;
}

const approvalDelegationSchema = new Schema<ApprovalDelegationDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    from: { type: String, required: true },
    fromEmail: { type: String, required: true },
    delegate: { type: String, required: true },
    delegateEmail: { type: String, required: true },
    until: { type: Date, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function approvalDelegationModel(connection: Connection) {
  return connection.model<ApprovalDelegationDoc>(
    'ApprovalDelegation',
    approvalDelegationSchema,
    'approval_delegations',
  );
}
