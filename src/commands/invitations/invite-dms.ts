import type { ServiceContext } from '../../services/context.js';
import type { InvitationDetails } from '../../services/invitations/invitation-details.js';
import { findOrganization } from '../../services/organization-repository.js';
import { sendInvitationDm } from '../../jobs/invitation-dm.js';
import {
  recordInvitationDeliveries,
  type InvitationDelivery,
} from '../../services/invitations/record-invitation-delivery.js';
import { requestPostEnv } from '../../jobs/kit/post-once.js';
import type { CommandRequest } from '../../slack/kit/request.js';

/**
 * DMs each invitee of a small request (a few addresses, a resend button) who is in the workspace,
 * after the requester has their result; bulk requests do this in their job. Each DM goes out once
 * for this request (keyed by its request id), through the same path as a job's.
 */
export async function sendInvitationDms(
  request: CommandRequest,
  ctx: ServiceContext,
  invitations: InvitationDetails[],
  knownSlackIds: ReadonlyMap<string, string> = new Map(),
): Promise<{ sent: number }> {
  if (invitations.length === 0) return { sent: 0 };
  const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
  const post = requestPostEnv(request, ctx.orgId);
  let sent = 0;
  const deliveries: InvitationDelivery[] = [];
  for (const invitation of invitations) {
    try {
      const { outcome, delivery } = await sendInvitationDm(post, ctx, {
        key: `${ctx.orgId}:${request.requestId}:${invitation.email}:dm`,
        invitation,
        knownSlackUserId: knownSlackIds.get(invitation.email),
        organizationName,
        learningUrl: request.deps.learningUrl,
        mayBeDone: false,
      });
      if (outcome.state === 'sent') sent++;
      // In a request the Slack user is remembered only when it changed (no run id to derive an audit id from).
      if (delivery) deliveries.push({ ...delivery, auditId: undefined });
    } catch (error) {
      // The invitation stands without the DM (the person can be reached with /ub resend later);
      // the requester already has their result, so the log is where this belongs.
      request.deps.log.warn('slack: invitation DM not delivered', {
        requestId: request.requestId,
        email: invitation.email,
        error: (error as Error).message,
      });
    }
  }
  await recordInvitationDeliveries(ctx, deliveries);
  return { sent };
}
