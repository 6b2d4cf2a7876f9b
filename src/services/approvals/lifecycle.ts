import type { Actor, ServiceContext } from '../context.js';
import { personKey } from '../domain.js';
import { recordAudit } from '../record-audit.js';
import { takeBackGrant } from '../request-actions.js';
import { carryOut } from './decide-request.js';
import { leavePending } from './leave-pending.js';
import { toApprovalRequest, type ApprovalRequest } from './request-repository.js';
import { actorOf } from './member-actor.js';
import type { Store } from '../store.js';

/** How many requests one sweep handles per kind of work; the next sweep takes the rest. */
export const SWEEP_BATCH = 200;
const DAY_MS = 86_400_000;

/**
 * The time-driven part of a request's life, each step one guarded update so a sweep that runs
 * twice (two replicas, a restart mid-way) does it once: expiry, escalation, the warning before a
 * time-bound grant ends and its end, and the waitlist. The lifecycle job calls these with a
 * system context per organization; every query is indexed on MongoDB.
 */

/** Pending requests whose time is up, any organization. */
export async function requestsDue(
  store: Store,
  now: Date,
  what: 'expire' | 'escalate' | 'warn_grant' | 'end_grant',
): Promise<ApprovalRequest[]> {
  const requests = store.approvalRequests;
  const query =
    what === 'expire'
      ? requests.find({ status: 'pending', expiresAt: { $lte: now } })
      : what === 'escalate'
        ? requests.find({ status: 'pending', escalateAt: { $lte: now } })
        : what === 'warn_grant'
          ? requests.find({
              outcome: 'executed',
              grantEndsAt: { $lte: new Date(now.getTime() + DAY_MS) },
              grantWarnedAt: null,
            })
          : requests.find({ outcome: 'executed', grantEndsAt: { $lte: now } });
  const docs = await query.limit(SWEEP_BATCH).lean().exec();
  return docs.map(toApprovalRequest);
}

/** Expires one pending request (nobody decided in time); undefined when it was decided meanwhile. */
export async function expireRequest(ctx: ServiceContext, id: string): Promise<ApprovalRequest | undefined> {
  return leavePending(ctx, id, { status: 'expired', by: undefined, action: 'request.expired' });
}

/**
 * Claims the escalation of one request (unsets its escalateAt): true for exactly one caller,
 * who then routes it to the next level and audits it.
 */
export async function claimEscalation(ctx: ServiceContext, request: ApprovalRequest): Promise<boolean> {
  const claimed = await ctx.store.approvalRequests
    .findOneAndUpdate(
      { _id: request.id, status: 'pending', escalateAt: { $lte: ctx.now() } },
      { $unset: { escalateAt: 1 }, $set: { escalatedAt: ctx.now() } },
    )
    .lean()
    .exec();
  if (!claimed) return false;
  await recordAudit(
    { ...ctx, approvalRequestId: request.id },
    {
      action: 'request.escalated',
      targetType: 'request',
      targetId: request.id,
      subjects: [request.id, request.subject.email],
      after: { level: 'org' },
    },
  );
  return true;
}

/** Claims the "ends tomorrow" warning of a time-bound grant: true once. */
export async function claimGrantWarning(ctx: ServiceContext, request: ApprovalRequest): Promise<boolean> {
  const claimed = await ctx.store.approvalRequests
    .findOneAndUpdate(
      { _id: request.id, outcome: 'executed', grantWarnedAt: null },
      { $set: { grantWarnedAt: ctx.now() } },
    )
    .lean()
    .exec();
  return claimed !== null;
}

/**
 * Takes back a time-bound grant whose period is over (the membership, the Pro license), as ub
 * itself (`ctx`), then marks it ended. Taking back is idempotent (removing a non-member, setting
 * standard on a standard license change nothing), so a sweep interrupted between the two steps
 * simply does it again.
 */
export async function endGrant(ctx: ServiceContext, request: ApprovalRequest): Promise<string | undefined> {
  const asRequest: ServiceContext = { ...ctx, approvalRequestId: request.id };
  const detail = (await grantedLonger(ctx, request))
    ? 'kept: a later request granted it for longer'
    : await takeBackGrant(asRequest, request.kind, request.subject);
  const ended = await ctx.store.approvalRequests
    .findOneAndUpdate(
      { _id: request.id, outcome: 'executed', grantEndsAt: { $lte: ctx.now() } },
      { $unset: { grantEndsAt: 1 }, $set: { grantEndedAt: ctx.now() } },
    )
    .lean()
    .exec();
  if (!ended) return undefined;
  await recordAudit(asRequest, {
    action: 'request.grant_ended',
    targetType: 'request',
    targetId: request.id,
    subjects: [request.id, request.subject.email],
    after: { detail },
  });
  return detail;
}

/**
 * Approved requests whose outcome was never written (a process stopped between the decision and
 * the change, or between taking one off the waitlist and carrying it out), a minute on.
 */
export async function unfinishedApprovals(store: Store, now: Date): Promise<ApprovalRequest[]> {
  const docs = await store.approvalRequests
    .find({ status: 'approved', outcome: null, updatedAt: { $lte: new Date(now.getTime() - 60_000) } })
    .limit(SWEEP_BATCH)
    .lean()
    .exec();
  return docs.map(toApprovalRequest);
}

/**
 * Outcomes written more than a minute ago and still not told: a process stopped between writing
 * the outcome and telling it (or while telling it). Read on the sparse `{ tellDueAt }` index.
 */
export async function untoldOutcomes(store: Store, now: Date): Promise<ApprovalRequest[]> {
  const docs = await store.approvalRequests
    .find({ tellDueAt: { $lte: new Date(now.getTime() - 60_000) } })
    .limit(SWEEP_BATCH)
    .lean()
    .exec();
  return docs.map(toApprovalRequest);
}

/**
 * The outcome was told. Guarded by the moment it was written, so a newer outcome (a waitlisted
 * request carried out meanwhile) is not marked told by the telling of the older one.
 */
export async function markOutcomeTold(store: Store, request: ApprovalRequest): Promise<void> {
  if (!request.tellDueAt) return;
  await store.approvalRequests
    // Not a change of the request itself: its updatedAt (what the unfinished-approval sweep reads) stays.
    .updateOne({ _id: request.id, tellDueAt: request.tellDueAt }, { $unset: { tellDueAt: 1 } }, { timestamps: false })
    .exec();
}

/**
 * Carries out an approved request as its approver, as they are now: one who left or lost the
 * permission meanwhile makes it fail with why, never succeed on ub's own authority.
 */
export async function carryOutAsApprover(ctx: ServiceContext, request: ApprovalRequest): Promise<ApprovalRequest> {
  const by = request.decidedBy;
  const approver = by?.email ? await ctx.store.users.findById(personKey(ctx.orgId, by.email)).lean().exec() : null;
  const actor: Actor =
    approver?.status === 'active'
      ? { ...actorOf(approver), slackUserId: by?.slackUserId }
      : { slackUserId: by?.slackUserId, email: by?.email, userId: undefined, role: 'user', managedGroups: [] };
  return carryOut({ ...ctx, actor }, request);
}

/**
 * True when another carried-out request gives the same person the same thing beyond this one's end
 * (an "Ask to extend" approved, or the same thing granted for good): then nothing is taken back.
 */
async function grantedLonger(ctx: ServiceContext, request: ApprovalRequest): Promise<boolean> {
  const same = await ctx.store.approvalRequests
    .find({
      orgId: ctx.orgId,
      kind: request.kind,
      'subject.email': request.subject.email,
      'subject.groupId': request.subject.groupId ?? null,
      outcome: 'executed',
      _id: { $ne: request.id },
    })
    .limit(SWEEP_BATCH)
    .lean()
    .exec();
  const now = ctx.now().getTime();
  return same.some(
    (other) =>
      (other.grantEndsAt && other.grantEndsAt.getTime() > now) || (other.subject.days == null && !other.grantEndedAt),
  );
}

/** Organizations with someone on the waitlist. */
export async function organizationsWithWaitlist(store: Store): Promise<string[]> {
  return (await store.approvalRequests.distinct('orgId', { outcome: 'waitlisted' }).exec()) as string[];
}

/** True when someone in the organization waits for a seat (indexed `{orgId, outcome, waitlistedAt}`). */
export async function hasWaitlist(store: Store, orgId: string): Promise<boolean> {
  return (await store.approvalRequests.exists({ orgId, outcome: 'waitlisted' }).exec()) !== null;
}

/** The requester's place in their organization's line (1 = next), counted on the indexed `{orgId, outcome, waitlistedAt}`. */
export async function waitlistPosition(store: Store, request: ApprovalRequest): Promise<number> {
  if (request.outcome !== 'waitlisted' || !request.waitlistedAt) return 0;
  const orgId = request.id.slice(0, request.id.length - request.code.length - 1);
  const ahead = await store.approvalRequests
    .countDocuments({ orgId, outcome: 'waitlisted', waitlistedAt: { $lt: request.waitlistedAt } })
    .exec();
  return ahead + 1;
}

/** How long one server of the waitlist holds it; a server that died is taken over after this. */
export const WAITLIST_LEASE_MS = 2 * 60_000;

/**
 * Carries out waitlisted requests of one organization in the order they were approved, while
 * seats are free: each as its approver (as they are now: a permission revoked meanwhile makes it
 * fail with why). Stops at the first one that still finds no seat, so nobody is overtaken.
 * One server at a time (a lease on the organization, one guarded update by `_id`): the sweep and a
 * wake-up after a freed seat running at once could otherwise give the seat to the second in line
 * while the first is being carried out. `busy`: someone else is serving it right now.
 */
export async function drainWaitlist(ctx: ServiceContext): Promise<{ handled: ApprovalRequest[]; busy: boolean }> {
  const now = ctx.now();
  const leaseUntil = new Date(now.getTime() + WAITLIST_LEASE_MS);
  const leased = await ctx.store.organizations
    .findOneAndUpdate(
      { _id: ctx.orgId, $or: [{ waitlistLeaseUntil: null }, { waitlistLeaseUntil: { $lte: now } }] },
      { $set: { waitlistLeaseUntil: leaseUntil } },
    )
    .lean()
    .exec();
  if (!leased) return { handled: [], busy: true };
  try {
    return { handled: await serveLine(ctx), busy: false };
  } finally {
    await ctx.store.organizations
      .updateOne({ _id: ctx.orgId, waitlistLeaseUntil: leaseUntil }, { $unset: { waitlistLeaseUntil: 1 } })
      .exec();
  }
}

async function serveLine(ctx: ServiceContext): Promise<ApprovalRequest[]> {
  const handled: ApprovalRequest[] = [];
  const line = await ctx.store.approvalRequests
    .find({ orgId: ctx.orgId, outcome: 'waitlisted' })
    .sort({ waitlistedAt: 1, _id: 1 })
    .limit(SWEEP_BATCH)
    .lean()
    .exec();
  for (const doc of line) {
    // Taken off the line first (a guarded update), so two sweeps never carry out the same request.
    const claimed = await ctx.store.approvalRequests
      .findOneAndUpdate(
        { _id: doc._id, outcome: 'waitlisted' },
        { $unset: { outcome: 1 } },
        { returnDocument: 'after' },
      )
      .lean()
      .exec();
    if (!claimed) continue;
    const after = await carryOutAsApprover(ctx, toApprovalRequest(claimed));
    if (after.outcome === 'waitlisted') break;
    handled.push(after);
  }
  return handled;
}
