import { can } from '../authorization.js';
import type { Actor, ServiceContext } from '../context.js';
import { actorOf } from './member-actor.js';
import type { RequestKind } from '../domain.js';
import type { RequestSubject } from '../models/approval-request.js';
import type { UserDoc } from '../models/user.js';
import { kindRules, requestTarget } from '../request-actions.js';
import { activeDelegation } from './delegations.js';

/** An approver as routing finds them: an active member, with their Slack id when ub has seen them. */
export interface Approver {
  email: string;
  slackUserId: string | undefined;
  role: Actor['role'];
  /** Set when this is a delegate standing in for an approver who is away: that approver's Slack id. */
  onBehalfOf?: string;
}

export interface Routing {
  /** `group`: the group admins of the target group; `org`: the org admins (or the approvals channel). */
  level: 'group' | 'org';
  approvers: Approver[];
  /** The approvals channel, when the request goes to the org level and one is set. */
  channel: string | undefined;
}

/** More approvers than this get no DM of their own (the approvals channel is for such organizations). */
export const MAX_APPROVERS = 50;

/**
 * Everyone who could carry the request out themselves, the requester excepted: the group admins
 * of the target group holding the permission it needs; when there is none (or the kind is
 * admin-only, or `level` asks for it: an escalation), the org admins, or the approvals channel
 * when one is set. Both lookups are indexed on MongoDB (`{orgId, managedGroups.groupId}`,
 * `{orgId, role}`) and at most MAX_APPROVERS people.
 */
export async function routeApprovers(
  ctx: ServiceContext,
  input: { kind: RequestKind; subject: RequestSubject; requester: string; level?: 'org' },
): Promise<Routing> {
  const { permission: action } = kindRules(input.kind);
  const target = requestTarget(input.subject);
  const isRequester = (u: UserDoc) => u.slackUserId === input.requester || u.email === ctx.actor.email;
  if (input.level !== 'org' && input.subject.groupId) {
    const groupAdmins = await ctx.store.users
      .find({ orgId: ctx.orgId, 'managedGroups.groupId': input.subject.groupId, status: 'active' })
      .limit(MAX_APPROVERS)
      .lean()
      .exec();
    const approvers = groupAdmins
      .filter((u) => u.role === 'group_admin' && !isRequester(u) && can(actorOf(u), action, target))
      .map(approverOf);
    if (approvers.length > 0)
      return { level: 'group', approvers: await withDelegates(ctx, approvers), channel: undefined };
  }
  const org = await ctx.store.organizations.findById(ctx.orgId).select({ approvalsChannel: 1 }).lean().exec();
  const channel = org?.approvalsChannel ?? undefined;
  const admins = await ctx.store.users
    .find({ orgId: ctx.orgId, role: 'admin', status: 'active' })
    .limit(MAX_APPROVERS)
    .lean()
    .exec();
  const approvers = await withDelegates(ctx, admins.filter((u) => !isRequester(u)).map(approverOf));
  return { level: 'org', approvers, channel };
}

/**
 * Approvers who handed their approvals to someone for now are replaced by that delegate (one
 * `_id` read each); the delegate decides with the approver's permissions (decisionActor).
 */
async function withDelegates(ctx: ServiceContext, approvers: Approver[]): Promise<Approver[]> {
  const routed: Approver[] = [];
  for (const approver of approvers) {
    const delegation = approver.slackUserId ? await activeDelegation(ctx, approver.slackUserId) : undefined;
    if (delegation && delegation.delegate !== ctx.actor.slackUserId)
      routed.push({
        email: delegation.delegateEmail,
        slackUserId: delegation.delegate,
        role: approver.role,
        onBehalfOf: approver.slackUserId!,
      });
    else routed.push(approver);
  }
  return routed;
}

function approverOf(user: UserDoc): Approver {
  return { email: user.email, slackUserId: user.slackUserId ?? undefined, role: user.role };
}
