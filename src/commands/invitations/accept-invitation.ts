import { z } from 'zod';
import { acceptInvitation } from '../../services/invitations/accept-invitation.js';
import { UbError } from '../../services/errors.js';
import { findOrganization } from '../../services/organization-repository.js';
import { slackProfile } from '../../slack/slack-identity.js';
import { ACCEPT_INVITATION_ACTION_ID, invitationAcceptedBlocks } from '../../views/invitations/invitation-dm-blocks.js';
import { defineAction } from '../../slack/kit/action.js';

/**
 * The Accept button of an invitation DM. Who accepts is decided by the clicker's own Slack
 * profile email, never by the button's value, so only the invitee can accept their invitation.
 * The DM is then replaced by the welcome, so the button cannot be clicked again.
 */
export const acceptInvitationButton = defineAction({
  actionId: ACCEPT_INVITATION_ACTION_ID,
  value: z.unknown(),
  handle: async (request, _value, ctx) => {
    const profile = await slackProfile({
      store: request.deps.store,
      client: request.client,
      orgId: request.orgId,
      slackUserId: request.slackUserId,
      now: request.deps.now(),
      log: request.deps.log,
    });
    if (!profile.email) {
      throw new UbError(
        'invalid_state',
        'Your Slack profile shows no email, so ub cannot match you to an invitation. Ask a ub admin for help.',
      );
    }
    const accepted = await acceptInvitation(ctx, {
      email: profile.email,
      slackUserId: request.slackUserId,
      realName: profile.realName,
    });
    const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
    await request.reply({
      ...invitationAcceptedBlocks({ ...accepted, organizationName, learningUrl: request.deps.learningUrl }),
      replaceOriginal: true,
    });
  },
});
