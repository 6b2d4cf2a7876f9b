import { z } from 'zod';
import { deactivateUser, previewDeactivation, refuseWhoCannotDeactivate } from '../../services/people/deactivate-user.js';
import { UbError } from '../../services/errors.js';
import { decidedBlocks } from '../../views/confirmation-blocks.js';
import { DEACTIVATE_CONFIRM_ACTION_ID, deactivatedText, deactivationPreviewBlocks } from '../../views/people/user-change-blocks.js';
import { DEACTIVATE_MODAL_CALLBACK_ID, personModalView } from '../../views/people/user-modals.js';
import { personArg, type PersonRef } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction, defineModal, encodeActionValue, encodeModalMetadata } from '../../slack/kit/interaction.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { personFields } from '../../slack/kit/form-fields.js';

/** Nothing changes yet: the preview says what deactivating does, with Confirm / Cancel. */
async function preview(request: CommandRequest, person: PersonRef): Promise<void> {
  const email = await emailOfPerson(request, person);
  const planned = await previewDeactivation(await request.serviceContext(), email);
  await request.reply(deactivationPreviewBlocks(planned, encodeActionValue({ e: planned.email })));
}

/** `/ub deactivate <email|@mention>` */
export const deactivateSubcommand = defineSubcommand({
  name: 'deactivate',
  usage: '<email or @mention>',
  summary: 'Deactivate someone: their license is freed, their history kept. Asks to confirm first.',
  details: [
    'Deactivated people cannot use Udemy Business; their learning data stays in insights and reports.',
    'They stop managing groups until they are reactivated with `/ub reactivate`.',
    'Group admins with the invite/deactivate permission can deactivate users of the groups they manage.',
  ],
  audience: 'admins and group admins',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  schema: z.object({ person: personArg }),
  openModal: async (request) => {
    refuseWhoCannotDeactivate(await request.serviceContext());
    await request.openModal(personModalView({ kind: 'deactivate', privateMetadata: encodeModalMetadata({ channelId: request.channelId, extra: {} }) }));
  },
  handle: async (request, input) => {
    await preview(request, input.person);
  },
});

/** The form of `/ub deactivate`: it leads to the same preview. */
export const deactivateModal = defineModal({
  callbackId: DEACTIVATE_MODAL_CALLBACK_ID,
  fields: personFields,
  handle: async (request, person) => {
    await preview(request, person);
  },
});

/**
 * Confirm on the preview: deactivates, and the preview becomes what was done and by whom. When
 * someone else got there first (or the person can no longer be deactivated), the preview says
 * so instead, so no stale Confirm stays clickable.
 */
export const deactivateConfirmButton = defineAction({
  actionId: DEACTIVATE_CONFIRM_ACTION_ID,
  value: z.object({ e: z.string().max(254) }),
  handle: async (request, value) => {
    let text: string;
    try {
      text = deactivatedText(await deactivateUser(await request.serviceContext(), value.e), request.slackUserId);
    } catch (error) {
      if (!(error instanceof UbError) || (error.code !== 'invalid_state' && error.code !== 'not_found')) throw error;
      text = `:information_source: ${error.message}`;
    }
    await request.reply({ ...decidedBlocks(text), replaceOriginal: true });
  },
});
