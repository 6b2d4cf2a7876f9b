import { assertCan, can } from '../authorization.js';
import { actingForDelegator } from './delegations.js';
import type { Actor, ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { recordAudit } from '../record-audit.js';
import { carryOutRequest, kindRules, requestTarget, type CarriedOut } from '../request-actions.js';
import { leavePending } from './leave-pending.js';
import { requireRequest, toApprovalRequest, type ApprovalRequest, type RequestPerson } from './request-repository.js';

export const MAX_DENY_NOTE = 500;
const DAY_MS = 86_400_000;

export type Decision = 'approve' | 'deny';

const DECISIONS = {
  approve: { status: 'approved', action: 'request.approved' },
  deny: { status: 'denied', action: 'request.denied' },
} as const;

const OUTCOMES = {
  executed: { action: 'request.executed' },
  waitlisted: { action: 'request.waitlisted' },
  failed: { action: 'request.failed' },
} as const;

/** `decided: false`: someone decided first (or it was cancelled or expired); `request` says who and when. */
export interface DecisionResult {
  decided: boolean;
  /** The first of two approvals a policy asks for: recorded, the request still pending. */
  partial?: boolean;
  request: ApprovalRequest;
}

/**
 * Approves or denies a pending request. The decider must be someone who could carry it out
 * themselves right now (the same `can` as the direct command, read at decision time) and not
 * the requester. The first decision wins (leavePending); an approval is then carried out through
 * the direct command's service with the approver as actor and the request as the audit source,
 * and its outcome (done, waitlisted, failed with why) is written on the request.
 */
export async function decideRequest(
  ctx: ServiceContext,
  input: { requestId: string; decision: Decision; note?: string },
): Promise<DecisionResult> {
  const request = await requireRequest(ctx.store, ctx.orgId, input.requestId);
  if (request.status !== 'pending') return { decided: false, request };
  const decider: ServiceContext = { ...ctx, actor: await decisionActor(ctx, request) };
  const note = input.note?.trim();
  if (input.decision === 'deny' && note && note.length > MAX_DENY_NOTE)
    throw new UbError('invalid_input', `Keep the reason under ${MAX_DENY_NOTE} characters.`);
  const by = { slackUserId: ctx.actor.slackUserId ?? '', email: ctx.actor.email, role: ctx.actor.role };
  let first = request.approvals[0];
  if (input.decision === 'approve' && request.approvalsNeeded > 1 && !first) {
    const partial = await recordFirstApproval(decider, request, by);
    if (partial) return { decided: true, partial: true, request: partial };
    // Another approver's first approval landed at the same moment: this one is the second.
    first = (await requireRequest(ctx.store, ctx.orgId, request.id)).approvals[0];
  }
  if (input.decision === 'approve' && first && first.slackUserId === by.slackUserId)
    throw new UbError('invalid_state', 'You approved it already: it needs a second approver too.');
  const decided = await leavePending(decider, request.id, {
    ...DECISIONS[input.decision],
    by,
    ...(input.decision === 'deny' && note ? { note } : {}),
    ...(input.decision === 'approve' && first ? { afterApprovalOf: first } : {}),
  });
  if (!decided) return { decided: false, request: await requireRequest(ctx.store, ctx.orgId, request.id) };
  if (input.decision === 'deny') return { decided: true, request: decided };
  return { decided: true, request: await carryOut(decider, decided) };
}

/** The first of two approvals: recorded once (guarded on "no approval yet"), audited, the request still pending. */
async function recordFirstApproval(
  ctx: ServiceContext,
  request: ApprovalRequest,
  by: RequestPerson,
): Promise<ApprovalRequest | undefined> {
  const doc = await ctx.store.approvalRequests
    .findOneAndUpdate(
      { _id: request.id, orgId: ctx.orgId, status: 'pending', approvals: { $size: 0 } },
      { $push: { approvals: by }, $inc: { version: 1 } },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (!doc) return undefined;
  await recordAudit(
    { ...ctx, approvalRequestId: request.id },
    {
      action: 'request.approved',
      targetType: 'request',
      targetId: request.id,
      subjects: [request.id, request.subject.email],
      after: { approval: 1, of: request.approvalsNeeded },
    },
  );
  return toApprovalRequest(doc);
}

/**
 * Who decides, as the rules see them: the actor, when they could do it themselves now; a
 * delegate the request was routed to, with the permissions of the approver they stand in for
 * (while the delegation lasts). Refuses the requester, and anyone else with the reason.
 */
export async function decisionActor(ctx: ServiceContext, request: ApprovalRequest): Promise<Actor> {
  const actor = ctx.actor;
  const { permission } = kindRules(request.kind);
  const target = requestTarget(request.subject);
  if (!isRequester(actor, request) && !can(actor, permission, target)) {
    for (const acting of await actingForDelegator(ctx, request.delegations))
      if (can(acting, permission, target)) return acting;
  }
  assertMayDecide(actor, request);
  return actor;
}

function isRequester(actor: Actor, request: ApprovalRequest): boolean {
  return (
    actor.slackUserId === request.requester.slackUserId ||
    (actor.email !== undefined && actor.email === request.requester.email)
  );
}

/** Refuses the requester, and anyone who could not do it themselves now (their refusal says why). */
function assertMayDecide(actor: Actor, request: ApprovalRequest): void {
  const own =
    actor.slackUserId === request.requester.slackUserId ||
    (actor.email !== undefined && actor.email === request.requester.email);
  if (own) throw new UbError('not_authorized', 'You cannot decide your own request: another approver decides it.');
  try {
    assertCan(actor, kindRules(request.kind).permission, requestTarget(request.subject));
  } catch (error) {
    if (!(error instanceof UbError)) throw error;
    throw new UbError('not_authorized', `You cannot approve this request: ${error.message}`);
  }
}

/**
 * Carries out an approved request (its status is `approved`) as `ctx.actor`, and records how it
 * ended. Used by the decision and by the waitlist when a seat frees up.
 */
export async function carryOut(ctx: ServiceContext, request: ApprovalRequest): Promise<ApprovalRequest> {
  const asRequest: ServiceContext = { ...ctx, source: 'request', approvalRequestId: request.id };
  const carried = await carryOutRequest(asRequest, request.kind, request.subject);
  return recordOutcome(asRequest, request, carried);
}

async function recordOutcome(
  ctx: ServiceContext,
  request: ApprovalRequest,
  carried: CarriedOut,
): Promise<ApprovalRequest> {
  const now = ctx.now();
  const grantEndsAt =
    carried.outcome === 'executed' && request.subject.days !== undefined
      ? new Date(now.getTime() + request.subject.days * DAY_MS)
      : undefined;
  const doc = await ctx.store.approvalRequests
    .findOneAndUpdate(
      { _id: request.id, status: 'approved' },
      {
        $set: {
          outcome: carried.outcome,
          outcomeDetail: carried.detail,
          tellDueAt: now,
          ...(grantEndsAt ? { grantEndsAt } : {}),
          // A request keeps its first place in the line when it is tried again and still finds no seat.
          ...(carried.outcome === 'waitlisted' ? { waitlistedAt: request.waitlistedAt ?? now } : {}),
        },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (request.outcome !== carried.outcome)
    await recordAudit(ctx, {
      action: OUTCOMES[carried.outcome].action,
      targetType: 'request',
      targetId: request.id,
      subjects: [request.id, request.subject.email],
      after: { outcome: carried.outcome, detail: carried.detail, ...(grantEndsAt ? { grantEndsAt } : {}) },
    });
  return doc ? toApprovalRequest(doc) : request;
}
