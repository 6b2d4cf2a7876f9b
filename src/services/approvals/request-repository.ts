import { randomInt } from 'node:crypto';
import type { RequestKind, RequestOutcome, RequestStatus } from '../domain.js';
import { UbError } from '../errors.js';
import type { ApprovalRequestDoc, RequestCard, RequestPerson, RequestSubject } from '../models/approval-request.js';
import type { Store } from '../store.js';

export type { RequestCard, RequestPerson, RequestSubject };

/** A request as the rest of ub sees it: a plain object, never a live document. */
export interface ApprovalRequest {
  id: string;
  code: string;
  kind: RequestKind;
  subject: RequestSubject;
  requester: RequestPerson;
  reason: string;
  status: RequestStatus;
  approverIds: string[];
  delegations: Array<{ delegate: string; for: string }>;
  channel: string | undefined;
  cards: RequestCard[];
  approvalsNeeded: number;
  approvals: RequestPerson[];
  decidedBy: RequestPerson | undefined;
  decidedAt: Date | undefined;
  note: string | undefined;
  outcome: RequestOutcome | undefined;
  outcomeDetail: string | undefined;
  grantEndsAt: Date | undefined;
  waitlistedAt: Date | undefined;
  /** Set while its outcome is still to be told (see the model). */
  tellDueAt: Date | undefined;
  expiresAt: Date;
  createdAt: Date;
}

export function toApprovalRequest(doc: ApprovalRequestDoc): ApprovalRequest {
  const subject = doc.subject;
  return {
    id: doc._id,
    code: doc.code,
    kind: doc.kind,
    subject: {
      email: subject.email,
      groupId: subject.groupId ?? undefined,
      groupName: subject.groupName ?? undefined,
      days: subject.days ?? undefined,
    },
    requester: personOf(doc.requester)!,
    reason: doc.reason ?? '',
    status: doc.status,
    approverIds: [...(doc.approverIds ?? [])],
    delegations: (doc.delegations ?? []).map((d) => ({ delegate: d.delegate, for: d.for })),
    channel: doc.channel ?? undefined,
    cards: (doc.cards ?? []).map((c) => ({ channel: c.channel, ts: c.ts })),
    approvalsNeeded: doc.approvalsNeeded ?? 1,
    approvals: (doc.approvals ?? []).flatMap((p) => personOf(p) ?? []),
    decidedBy: personOf(doc.decidedBy),
    decidedAt: doc.decidedAt ?? undefined,
    note: doc.note ?? undefined,
    outcome: doc.outcome ?? undefined,
    outcomeDetail: doc.outcomeDetail ?? undefined,
    grantEndsAt: doc.grantEndsAt ?? undefined,
    waitlistedAt: doc.waitlistedAt ?? undefined,
    tellDueAt: doc.tellDueAt ?? undefined,
    expiresAt: doc.expiresAt,
    createdAt: doc.createdAt,
  };
}

function personOf(p: RequestPerson | undefined | null): RequestPerson | undefined {
  if (!p) return undefined;
  return { slackUserId: p.slackUserId, email: p.email ?? undefined, role: p.role };
}

/** Codes people type: no 0/O or 1/I to misread. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

export function newRequestCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

export function requestIdOf(orgId: string, code: string): string {
  return `${orgId}:${code.trim().toUpperCase().replace(/^#/, '')}`;
}

/**
 * A request of this organization by `_id`, or not_found. An id of another organization (a forged
 * button) never matches: the `_id` begins with the organization and the document says it too.
 */
export async function requireRequest(store: Store, orgId: string, id: string): Promise<ApprovalRequest> {
  const doc = id.startsWith(`${orgId}:`) ? await store.approvalRequests.findById(id).lean().exec() : null;
  if (!doc || doc.orgId !== orgId) throw new UbError('not_found', 'There is no such request in this workspace.');
  return toApprovalRequest(doc);
}

/** Frees "the same ask" for a new request once this one is no longer pending. */
export async function releaseDedupeKey(store: Store, request: { id: string }, dedupeKey: string): Promise<void> {
  await store.pendingRequestKeys.deleteOne({ _id: dedupeKey, requestId: request.id }).exec();
}

/** Adds the copies of the card just posted (and the approvers they reached, for `/ub requests`). */
export async function recordRequestCards(
  store: Store,
  orgId: string,
  id: string,
  input: { cards: RequestCard[]; approverIds: string[] },
): Promise<ApprovalRequest> {
  const doc = await store.approvalRequests
    .findOneAndUpdate(
      { _id: id, orgId },
      { $push: { cards: { $each: input.cards } }, $addToSet: { approverIds: { $each: input.approverIds } } },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (!doc) throw new UbError('not_found', 'There is no such request in this workspace.');
  return toApprovalRequest(doc);
}
