import { z } from 'zod';
import { cancelInvitation, type CancelledInvitation } from '../../services/invitations/cancel-invitation.js';
import { UbError } from '../../services/errors.js';
import { assertMayManageInvitations } from '../../services/invitations/invitation-policy.js';
import { INVITATION_CANCEL_ACTION_ID } from '../../views/invitations/invitation-list-blocks.js';
import { CANCEL_MODAL_CALLBACK_ID, cancelModalView } from '../../views/invitations/invitation-modals.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { personArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction, defineModal, encodeModalMetadata } from '../../slack/kit/interaction.js';
import { rowButtonValue, showInvitationPage } from './invitations.js';
import { formEmailField } from '../../slack/kit/form-fields.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** Cancels one invitation and says what was freed. */
async function cancel(request: CommandRequest, email: string): Promise<void> {
  const ctx = await request.serviceContext();
  const cancelled = await cancelInvitation(ctx, email);
  await request.reply({ text: cancelledText(cancelled, request.slackUserId) });
}

function cancelledText(cancelled: CancelledInvitation, by: string): string {
  const license = cancelled.licenseType === 'pro' ? 'license and Pro license are' : 'license is';
  return `:wastebasket: <@${by}> cancelled the invitation to ${escapeMrkdwn(cancelled.email)}. Its ${license} free again.`;
}

/** `/ub cancel <email|@mention>` */
export const cancelSubcommand = defineSubcommand({
  name: 'cancel',
  usage: '<email or @mention>',
  summary: 'Cancel a pending invitation and free its license.',
  details: ['Group admins cancel invitations into the groups they manage.', 'You can invite the person again later.'],
  audience: 'admins and group admins',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  schema: z.object({ person: personArg }),
  openModal: async (request) => {
    assertMayManageInvitations(await request.serviceContext());
    await request.openModal(cancelModalView({ privateMetadata: encodeModalMetadata({ channelId: request.channelId, extra: {} }) }));
  },
  handle: async (request, input) => {
    await cancel(request, await emailOfPerson(request, input.person));
  },
});

/** The form of `/ub cancel`. */
export const cancelModal = defineModal({
  callbackId: CANCEL_MODAL_CALLBACK_ID,
  fields: z.object({ email: formEmailField }),
  handle: async (request, input) => {
    await cancel(request, input.email);
  },
});

/**
 * Cancel on a row of `/ub invitations` (after Slack's confirm dialog): the list is redrawn in
 * place. When someone else got there first, the redrawn list says so instead of an error.
 */
export const cancelButton = defineAction({
  actionId: INVITATION_CANCEL_ACTION_ID,
  value: rowButtonValue,
  handle: async (request, value) => {
    const ctx = await request.serviceContext();
    let notice: string;
    try {
      notice = cancelledText(await cancelInvitation(ctx, value.e), request.slackUserId);
    } catch (error) {
      if (!(error instanceof UbError) || (error.code !== 'invalid_state' && error.code !== 'not_found')) throw error;
      notice = `:information_source: ${error.message}`;
    }
    await showInvitationPage(request, { pageNumber: value.p, ...(value.f !== undefined ? { from: value.f } : {}) }, { replace: true, notice });
  },
});
