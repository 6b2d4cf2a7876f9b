import { z } from 'zod';
import { cancelInvitation, type CancelledInvitation } from '../../services/invitations/cancel-invitation.js';
import type { ServiceContext } from '../../services/context.js';
import { assertMayManageInvitations } from '../../services/invitations/invitation-policy.js';
import { INVITATION_CANCEL_ACTION_ID } from '../../views/invitations/invitation-list-blocks.js';
import { CANCEL_MODAL_CALLBACK_ID, cancelModalView } from '../../views/invitations/invitation-modals.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { personArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction } from '../../slack/kit/action.js';
import { orStaleNotice } from '../../slack/kit/confirmation.js';
import { defineModal } from '../../slack/kit/modal.js';
import { rowButtonValue, showInvitationPage } from './invitations.js';
import { formEmailField } from '../../slack/kit/form-fields.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** Cancels one invitation and says what was freed. */
async function cancel(request: CommandRequest, ctx: ServiceContext, email: string): Promise<void> {
  const cancelled = await cancelInvitation(ctx, email);
  await request.reply({ text: cancelledText(cancelled) });
}

function cancelledText(cancelled: CancelledInvitation): string {
  const license = cancelled.licenseType === 'pro' ? 'license and Pro license are' : 'license is';
  return `:wastebasket: Cancelled the invitation to ${escapeMrkdwn(cancelled.email)}. Its ${license} free again.`;
}

/** `/ub cancel <email|@mention>` */
export const cancelSubcommand = defineSubcommand({
  name: 'cancel',
  usage: '<email or @mention>',
  summary: 'Cancel a pending invitation and free its license.',
  details: ['Group admins cancel invitations into the groups they manage.', 'You can invite the person again later.'],
  permission: 'invitation.manage',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  schema: z.object({ person: personArg }),
  openModal: async (request, ctx) => {
    assertMayManageInvitations(ctx);
    await request.openModal(cancelModalView());
  },
  handle: async (request, input, ctx) => {
    await cancel(request, ctx, await emailOfPerson(request, input.person));
  },
});

/** The form of `/ub cancel`. */
export const cancelModal = defineModal({
  callbackId: CANCEL_MODAL_CALLBACK_ID,
  errorFields: { not_found: 'email', invalid_state: 'email', not_authorized: 'email' },
  fields: z.object({ email: formEmailField }),
  handle: async (request, input, ctx) => {
    await cancel(request, ctx, input.email);
  },
});

/**
 * Cancel on a row of `/ub invitations` (after Slack's confirm dialog): the list is redrawn in
 * place. When someone else got there first, the redrawn list says so instead of an error.
 */
export const cancelButton = defineAction({
  actionId: INVITATION_CANCEL_ACTION_ID,
  value: rowButtonValue,
  handle: async (request, value, ctx) => {
    const notice = await orStaleNotice(async () => cancelledText(await cancelInvitation(ctx, value.e)));
    await showInvitationPage(
      request,
      ctx,
      { pageNumber: value.p, ...(value.f !== undefined ? { from: value.f } : {}) },
      { replace: true, notice },
    );
  },
});
