import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import {
  deactivateUser,
  previewDeactivation,
  refuseWhoCannotDeactivate,
} from '../../services/people/deactivate-user.js';
import type { PersonRef } from '../../slack/kit/arg-schemas.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import { PERSON_FIELD_ERRORS } from '../../slack/kit/form-fields.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import {
  DEACTIVATE_CONFIRM_ACTION_ID,
  deactivatedText,
  deactivationPreviewBlocks,
} from '../../views/people/user-change-blocks.js';
import { DEACTIVATE_MODAL_CALLBACK_ID, personModalView } from '../../views/people/user-modals.js';
import { deactivatedNoticeBlocks } from '../../views/people/account-notice-blocks.js';
import { notifyFlags, personAndNotify, personAndNotifyFields } from './notify-flags.js';
import { notifyPerson, notToldLine } from './notify-person.js';

/**
 * Confirm on the preview: deactivates, and the preview becomes what was done and by whom (or,
 * when someone else got there first, what happened instead).
 */
export const deactivateConfirmButton = defineConfirmation({
  actionId: DEACTIVATE_CONFIRM_ACTION_ID,
  value: z.object({ e: z.string().max(254), n: z.boolean().default(true) }),
  confirm: async (request, value, ctx) => {
    const done = await deactivateUser(ctx, value.e);
    const told = value.n
      ? await notifyPerson(request, ctx, {
          email: done.email,
          slackUserId: done.slackUserId,
          notice: 'deactivated',
          message: (organizationName) =>
            deactivatedNoticeBlocks({ organizationName, actorSlackId: ctx.actor.slackUserId }),
        })
      : notToldLine(done.email);
    return `${deactivatedText(done)}\n${told}`;
  },
});

/** Nothing changes yet: the preview says what deactivating does, with Confirm / Cancel. */
async function preview(
  request: CommandRequest,
  ctx: ServiceContext,
  person: PersonRef,
  notify: boolean,
): Promise<void> {
  const email = await emailOfPerson(request, person);
  const planned = await previewDeactivation(ctx, email);
  await request.reply(
    deactivationPreviewBlocks(planned, deactivateConfirmButton.encode({ e: planned.email, n: notify }), notify),
  );
}

/** `/ub deactivate <email|@mention>` */
export const deactivateSubcommand = defineSubcommand({
  name: 'deactivate',
  usage: '<email or @mention> [--no-notify]',
  summary: 'Deactivate someone: their license is freed, their history kept. Asks to confirm first.',
  details: [
    'ub tells them in a DM (`--notify`, the default); `--no-notify` does not.',
    'Deactivated people cannot use Udemy Business; their learning data stays in insights and reports.',
    'They stop managing groups until they are reactivated with `/ub reactivate`.',
    'Group admins with the invite/deactivate permission can deactivate users of the groups they manage.',
  ],
  permission: 'user.deactivate',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  flags: notifyFlags,
  schema: personAndNotify,
  openModal: async (request, ctx) => {
    refuseWhoCannotDeactivate(ctx);
    await request.openModal(personModalView({ kind: 'deactivate' }));
  },
  handle: async (request, input, ctx) => {
    await preview(request, ctx, input.person, input.notify);
  },
});

/** The form of `/ub deactivate`: it leads to the same preview. */
export const deactivateModal = defineModal({
  callbackId: DEACTIVATE_MODAL_CALLBACK_ID,
  errorFields: PERSON_FIELD_ERRORS,
  fields: personAndNotifyFields,
  handle: async (request, input, ctx) => {
    await preview(request, ctx, input.person, input.notify);
  },
});
