import { assertCan } from '../authorization.js';
import type { ServiceContext } from '../context.js';
import { REQUEST_KINDS, type RequestKind } from '../domain.js';
import { UbError } from '../errors.js';
import { recordAudit } from '../record-audit.js';
import { groupNamesById, requireGroup } from '../groups/group-repository.js';
import { DEFAULT_ESCALATE_HOURS, DEFAULT_EXPIRY_DAYS } from './create-request.js';

/** How an organization's requests are handled; read when a request is asked, so a change applies to new ones. */
export interface ApprovalPolicy {
  expireAfterDays: number;
  escalateAfterHours: number;
  twoApprovalsFor: RequestKind[];
  channel: string | undefined;
  /** Names of the groups anyone may join by asking. */
  openGroups: string[];
  accessDomains: string[];
  /** Idle Pro licenses are reclaimed (decision 042): after how many days without learning, with how many days of grace. */
  reclaimPro: { idleDays: number; graceDays: number } | undefined;
}

/** The grace between the warning and the reclaim, unless the policy gives one. */
export const DEFAULT_RECLAIM_GRACE_DAYS = 7;

export type PolicyChange =
  | { setting: 'expire_after'; days: number }
  | { setting: 'escalate_after'; hours: number }
  | { setting: 'two_approvals'; kind: RequestKind; on: boolean }
  | { setting: 'auto_approve_join'; groupName: string; on: boolean }
  | { setting: 'auto_approve_access'; domain: string; on: boolean }
  /** `idleDays` undefined: the policy is off. */
  | { setting: 'reclaim_pro'; idleDays: number | undefined; graceDays: number | undefined };

export async function approvalPolicy(ctx: ServiceContext): Promise<ApprovalPolicy> {
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  return {
    expireAfterDays: org?.approvalsExpiryDays ?? DEFAULT_EXPIRY_DAYS,
    escalateAfterHours: org?.approvalsEscalateHours ?? DEFAULT_ESCALATE_HOURS,
    twoApprovalsFor: (org?.approvalsTwoFor ?? []).filter((k): k is RequestKind =>
      (REQUEST_KINDS as readonly string[]).includes(k),
    ),
    channel: org?.approvalsChannel ?? undefined,
    openGroups: [...(await groupNamesById(ctx.store, org?.approvalsOpenGroups ?? [])).values()],
    accessDomains: [...(org?.approvalsAccessDomains ?? [])],
    reclaimPro: org?.approvalsReclaimProDays
      ? {
          idleDays: org.approvalsReclaimProDays,
          graceDays: org.approvalsReclaimGraceDays ?? DEFAULT_RECLAIM_GRACE_DAYS,
        }
      : undefined,
  };
}

/** Changes one setting of the policy (admins only: it decides who must agree to what), audited. */
export async function setApprovalPolicy(ctx: ServiceContext, change: PolicyChange): Promise<ApprovalPolicy> {
  assertCan(ctx.actor, 'group.assign_admin');
  const before = await approvalPolicy(ctx);
  let update: Record<string, unknown>;
  switch (change.setting) {
    case 'expire_after':
      if (!Number.isInteger(change.days) || change.days < 1 || change.days > 90)
        throw new UbError('invalid_input', 'Requests expire after 1 to 90 days.');
      update = { $set: { approvalsExpiryDays: change.days } };
      break;
    case 'escalate_after':
      if (!Number.isInteger(change.hours) || change.hours < 1 || change.hours > 24 * 30)
        throw new UbError('invalid_input', 'Escalate after 1 to 720 hours.');
      update = { $set: { approvalsEscalateHours: change.hours } };
      break;
    case 'two_approvals':
      update = change.on
        ? { $addToSet: { approvalsTwoFor: change.kind } }
        : { $pull: { approvalsTwoFor: change.kind } };
      break;
    case 'auto_approve_join': {
      const group = await requireGroup(ctx.store, ctx.orgId, change.groupName);
      update = change.on
        ? { $addToSet: { approvalsOpenGroups: group.id } }
        : { $pull: { approvalsOpenGroups: group.id } };
      break;
    }
    case 'auto_approve_access':
      if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(change.domain))
        throw new UbError(
          'invalid_input',
          `\`${change.domain.slice(0, 100)}\` is not an email domain (e.g. acme.com).`,
        );
      update = change.on
        ? { $addToSet: { approvalsAccessDomains: change.domain } }
        : { $pull: { approvalsAccessDomains: change.domain } };
      break;
    case 'reclaim_pro': {
      if (change.idleDays === undefined) {
        update = { $unset: { approvalsReclaimProDays: 1, approvalsReclaimGraceDays: 1 } };
        break;
      }
      const grace = change.graceDays ?? DEFAULT_RECLAIM_GRACE_DAYS;
      if (!Number.isInteger(change.idleDays) || change.idleDays < 7 || change.idleDays > 365)
        throw new UbError('invalid_input', 'Reclaim Pro licenses after 7 to 365 days without learning.');
      if (!Number.isInteger(grace) || grace < 1 || grace > 60)
        throw new UbError('invalid_input', 'Give 1 to 60 days of grace between the warning and the reclaim.');
      update = { $set: { approvalsReclaimProDays: change.idleDays, approvalsReclaimGraceDays: grace } };
      break;
    }
  }
  await ctx.store.organizations.updateOne({ _id: ctx.orgId }, update).exec();
  const after = await approvalPolicy(ctx);
  await recordAudit(ctx, {
    action: 'approvals.policy_set',
    targetType: 'organization',
    targetId: ctx.orgId,
    before: { ...before },
    after: { ...after, setting: change.setting },
  });
  return after;
}
