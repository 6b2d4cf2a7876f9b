import type { Action, Target } from './authorization.js';
import type { ServiceContext } from './context.js';
import { personKey, type RequestKind, type RequestOutcome } from './domain.js';
import { toUbError } from './errors.js';
import { addMembers, removeMembers } from './groups/change-membership.js';
import { requireGroupById } from './groups/group-repository.js';
import { inviteUsers } from './invitations/invite-users.js';
import { licenseChangeAudit, setPro } from './licenses/set-pro.js';
import type { RequestSubject } from './models/approval-request.js';
import { recordAuditOnce } from './record-audit.js';
import { noSeatsLeft } from './seats-repository.js';

/**
 * What each kind of request is, in the words of the services that carry it out: the permission
 * it needs (so routing and the decision ask the same `can` as the direct command), the seats it
 * costs, and the service call itself. It lives outside the approvals feature because it calls
 * the groups, invitations and licenses services: the one place a request becomes their call.
 */
export interface RequestKindRules {
  permission: Action;
  /** Seats it takes when carried out: a license seat, a Pro seat. */
  cost: { seats: number; proSeats: number };
}

export function kindRules(kind: RequestKind): RequestKindRules {
  switch (kind) {
    case 'invite':
    case 'access':
      return { permission: 'user.invite', cost: { seats: 1, proSeats: 0 } };
    case 'group_add':
      return { permission: 'group.add_member', cost: { seats: 0, proSeats: 0 } };
    case 'license_pro':
      return { permission: 'license.manage', cost: { seats: 0, proSeats: 1 } };
  }
}

/** What the request is aimed at, for `can` (the same target the direct command's service checks). */
export function requestTarget(subject: RequestSubject): Target {
  return {
    ...(subject.groupId ? { groupIds: [subject.groupId] } : {}),
    ...(subject.groupName ? { groupName: subject.groupName } : {}),
    email: subject.email,
  };
}

export interface CarriedOut {
  outcome: RequestOutcome;
  /** What was done, or why not, in words safe to show. */
  detail: string;
}

/**
 * Carries out an approved request through the same service call as the direct command, with the
 * approver as actor (`ctx`), so their permissions are checked now, not when they were asked.
 * A request that needs a seat when none is left is waitlisted, not failed; a target that changed
 * meanwhile (the group deleted, the person deactivated) fails with why. Every service used here
 * changes one document per person in one guarded update, so a failure leaves nothing half-done.
 */
export async function carryOutRequest(
  ctx: ServiceContext,
  kind: RequestKind,
  subject: RequestSubject,
): Promise<CarriedOut> {
  try {
    switch (kind) {
      case 'group_add': {
        const group = await requireGroupById(ctx.store, ctx.orgId, subject.groupId ?? '');
        const result = await addMembers(ctx, group.name, [subject.email]);
        if (result.done.length === 1) return { outcome: 'executed', detail: `added to ${group.name}` };
        const problem = result.skipped[0] ?? result.failed[0];
        if (result.skipped.length === 1 && /already/.test(problem?.reason ?? ''))
          return { outcome: 'executed', detail: `already in ${group.name}` };
        return { outcome: 'failed', detail: problem?.reason ?? 'not added' };
      }
      case 'invite':
      case 'access': {
        const groupIds = subject.groupId
          ? [(await requireGroupById(ctx.store, ctx.orgId, subject.groupId)).id]
          : undefined;
        const result = await inviteUsers(ctx, { emails: [subject.email], ...(groupIds ? { groupIds } : {}) });
        if (result.done.length === 1) return { outcome: 'executed', detail: 'invited' };
        const problem = result.failed[0] ?? result.skipped[0];
        // Carried out again after a stop between the invitation and its outcome (or invited by
        // someone else meanwhile): what was asked is so, as with a group add of a member.
        if (result.skipped.length === 1 && /^already invited/.test(problem?.reason ?? ''))
          return { outcome: 'executed', detail: 'already invited' };
        const noSeat = (await noSeatsLeft(ctx.store, ctx.orgId, false)).message;
        if (result.failed.length === 1 && problem?.reason === noSeat) return { outcome: 'waitlisted', detail: noSeat };
        return { outcome: 'failed', detail: problem?.reason ?? 'not invited' };
      }
      case 'license_pro': {
        const change = await setPro(ctx, { email: subject.email, pro: true });
        return { outcome: 'executed', detail: change.changed ? 'given a Pro license' : 'already had a Pro license' };
      }
    }
  } catch (error) {
    const ubError = toUbError(error);
    if (ubError.code === 'no_seats') return { outcome: 'waitlisted', detail: ubError.message };
    if (ubError.code === 'internal' || ubError.code === 'database_unavailable') throw error;
    return { outcome: 'failed', detail: ubError.message };
  }
}

/**
 * Takes back what a time-bound grant gave, as `ctx.actor` (ub itself, for the lifecycle job):
 * the group membership, or the Pro license. Idempotent: already taken back reads the same.
 */
export async function takeBackGrant(ctx: ServiceContext, kind: RequestKind, subject: RequestSubject): Promise<string> {
  try {
    if (kind === 'group_add') {
      const group = await requireGroupById(ctx.store, ctx.orgId, subject.groupId ?? '');
      const result = await removeMembers(ctx, group.name, [subject.email]);
      return result.done.length === 1 ? `removed from ${group.name}` : `no longer in ${group.name}`;
    }
    if (kind === 'license_pro') {
      const change = await setPro(ctx, { email: subject.email, pro: false });
      return change.changed ? 'back to a standard license' : 'already on a standard license';
    }
    return 'nothing to take back';
  } catch (error) {
    const ubError = toUbError(error);
    if (ubError.code === 'internal' || ubError.code === 'database_unavailable') throw error;
    // The group is gone or the person left: there is nothing left to take back.
    return ubError.message;
  }
}

/**
 * Takes a Pro license back to standard for the approvals feature's reclaim policy (decision 042),
 * as `ctx.actor`, through the direct command's service, its audit entry written once under
 * `auditId` (the reclaim cycle's). Already standard changes nothing.
 */
export async function takeBackProLicense(
  ctx: ServiceContext,
  email: string,
  auditId: string,
): Promise<{ changed: boolean }> {
  const change = await setPro(ctx, { email, pro: false, auditId });
  return { changed: change.changed };
}

/**
 * The audit entry of a Pro license taken back by a run that stopped before writing it (a reclaim
 * cycle resumed and found the license standard already): written once under the same `auditId`.
 */
export async function recordProTakenBack(ctx: ServiceContext, email: string, auditId: string): Promise<void> {
  const targetId = personKey(ctx.orgId, email);
  await recordAuditOnce(ctx, [
    { ...licenseChangeAudit({ email, targetId, user: true, from: 'pro', to: 'standard' }), id: auditId },
  ]);
}
