import { systemActor, type ServiceContext } from '../context.js';
import type { RequestKind } from '../domain.js';
import type { RequestSubject } from '../models/approval-request.js';
import type { OrganizationDoc } from '../models/organization.js';
import { carryOut } from './decide-request.js';
import { leavePending } from './leave-pending.js';
import type { ApprovalRequest } from './request-repository.js';

/**
 * The auto-approve policies (`/ub approvals policy auto-approve …`): joining an open group
 * yourself, and a seat for yourself when your email is of an approved domain and seats remain.
 * Returns the policy that applies, in words, or undefined.
 */
export function autoApprovalPolicy(
  org: Pick<OrganizationDoc, 'approvalsOpenGroups' | 'approvalsAccessDomains' | 'seatsFree'> | null,
  ask: { kind: RequestKind; subject: RequestSubject; requesterEmail: string | undefined },
): string | undefined {
  const forThemselves = ask.requesterEmail !== undefined && ask.subject.email === ask.requesterEmail;
  if (!org || !forThemselves) return undefined;
  if (ask.kind === 'group_add' && ask.subject.groupId && (org.approvalsOpenGroups ?? []).includes(ask.subject.groupId))
    return `policy: ${ask.subject.groupName ?? 'the group'} is open to everyone`;
  const domain = ask.subject.email.split('@')[1] ?? '';
  if (ask.kind === 'access' && (org.approvalsAccessDomains ?? []).includes(domain) && org.seatsFree > 0)
    return `policy: seats for @${domain} addresses while seats remain`;
  return undefined;
}

/**
 * Approves a request by policy: decided as ub itself (the audit entry's actor), the policy in the
 * decision's note, then carried out like any approval.
 */
export async function autoApprove(
  ctx: ServiceContext,
  request: ApprovalRequest,
  policy: string,
): Promise<ApprovalRequest> {
  const asPolicy: ServiceContext = { ...ctx, actor: systemActor };
  const approved = await leavePending(asPolicy, request.id, {
    status: 'approved',
    by: undefined,
    note: policy,
    action: 'request.approved',
  });
  return approved ? carryOut(asPolicy, approved) : request;
}
