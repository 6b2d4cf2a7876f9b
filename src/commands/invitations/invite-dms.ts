import type { WebAPIPlatformError } from '@slack/web-api';
import type { ServiceContext } from '../../services/context.js';
import { recordInvitationDelivery } from '../../services/invitations/record-invitation-delivery.js';
import type { InvitationDetails } from '../../services/invitations/invitation-details.js';
import { findOrganization } from '../../services/organization-repository.js';
import { invitationDmBlocks } from '../../views/invitations/invitation-dm-blocks.js';
import type { CommandRequest } from '../../slack/kit/request.js';

/**
 * DMs each invitee who is in the workspace an invitation with an Accept button. The Slack user
 * is the one an @mention named, the one the last DM went to, or users.lookupByEmail; people
 * not in Slack are simply not messaged. Runs after the requester has their result: with
 * Slack's rate limits (which the Web API client waits out) a long list takes minutes.
 */
export async function sendInvitationDms(
  request: CommandRequest,
  ctx: ServiceContext,
  invitations: InvitationDetails[],
  knownSlackIds: ReadonlyMap<string, string> = new Map(),
): Promise<{ sent: number }> {
  if (invitations.length === 0) return { sent: 0 };
  const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
  let sent = 0;
  for (const invitation of invitations) {
    const slackUserId =
      knownSlackIds.get(invitation.email) ??
      invitation.slackUserId ??
      (await lookupSlackUser(request, invitation.email));
    if (!slackUserId) continue;
    const message = invitationDmBlocks({
      organizationName,
      inviterSlackId: ctx.actor.slackUserId,
      learningUrl: request.deps.learningUrl,
      ...invitation,
    });
    try {
      await request.client.chat.postMessage({ channel: slackUserId, ...message });
    } catch (error) {
      // The invitation stands without the DM (the person can be reached with /ub resend later);
      // the requester already has their result, so the log is where this belongs.
      request.deps.log.warn('slack: invitation DM not delivered', {
        requestId: request.requestId,
        slackUserId,
        error: slackError(error),
      });
      continue;
    }
    await recordInvitationDelivery(ctx, { email: invitation.email, slackUserId });
    sent++;
  }
  return { sent };
}

async function lookupSlackUser(request: CommandRequest, email: string): Promise<string | undefined> {
  try {
    const answer = await request.client.users.lookupByEmail({ email });
    const user = answer.user;
    if (!user?.id || user.deleted || user.is_bot) return undefined;
    return user.id;
  } catch (error) {
    if (slackError(error) !== 'users_not_found') {
      request.deps.log.warn('slack: users.lookupByEmail failed', {
        requestId: request.requestId,
        error: slackError(error),
      });
    }
    return undefined;
  }
}

function slackError(error: unknown): string {
  const data = (error as Partial<WebAPIPlatformError>).data;
  return data?.error ?? (error instanceof Error ? error.message : String(error));
}
