import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';

/** Refuses actors who may not resend or cancel any invitation (before a form is opened for nothing). */
export function assertMayManageInvitations(ctx: ServiceContext): void {
  pendingScope(ctx, 'invitation.manage');
}

/** The filter of pending invitations the actor may act on, or a refusal. */
export function pendingScope(
  ctx: ServiceContext,
  action: 'invitation.view' | 'invitation.manage',
): Record<string, unknown> {
  const usable = groupsActorMayUse(ctx.actor, action);
  if (usable !== undefined) assertCan(ctx.actor, action, { groupIds: usable });
  return { orgId: ctx.orgId, status: 'pending', ...(usable !== undefined ? { groupIds: { $in: usable } } : {}) };
}
