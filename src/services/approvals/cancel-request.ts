import type { ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { leavePending } from './leave-pending.js';
import { requireRequest, requestIdOf, type ApprovalRequest } from './request-repository.js';

/**
 * The requester withdraws a pending request (`/ub requests cancel <code>`). Only they may; a
 * request decided meanwhile stays decided, and the answer says so.
 */
export async function cancelRequest(ctx: ServiceContext, code: string): Promise<ApprovalRequest> {
  const request = await requireRequest(ctx.store, ctx.orgId, requestIdOf(ctx.orgId, code));
  if (request.requester.slackUserId !== ctx.actor.slackUserId)
    throw new UbError('not_authorized', 'Only the person who asked can cancel a request.');
  if (request.status !== 'pending')
    throw new UbError('invalid_state', `Request ${request.code} is ${request.status} already: nothing to cancel.`);
  const by = { slackUserId: ctx.actor.slackUserId, email: ctx.actor.email, role: ctx.actor.role };
  const cancelled = await leavePending(ctx, request.id, { status: 'cancelled', by, action: 'request.cancelled' });
  if (cancelled) return cancelled;
  const now = await requireRequest(ctx.store, ctx.orgId, request.id);
  throw new UbError('invalid_state', `Request ${now.code} was ${now.status} meanwhile: nothing to cancel.`);
}
