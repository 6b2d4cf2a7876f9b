import type { ServiceContext } from '../../services/context.js';
import { assertMayReactivate, reactivateUser } from '../../services/people/reactivate-user.js';
import type { PersonRef } from '../../slack/kit/arg-schemas.js';
import { PERSON_FIELD_ERRORS } from '../../slack/kit/form-fields.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { reactivatedText } from '../../views/people/user-change-blocks.js';
import { personModalView, REACTIVATE_MODAL_CALLBACK_ID } from '../../views/people/user-modals.js';
import { reactivatedNoticeBlocks } from '../../views/people/account-notice-blocks.js';
import { notifyFlags, personAndNotify, personAndNotifyFields } from './notify-flags.js';
import { notifyPerson, notToldLine } from './notify-person.js';

async function reactivate(request: CommandRequest, ctx: ServiceContext, person: PersonRef, notify: boolean) {
  const email = await emailOfPerson(request, person);
  const done = await reactivateUser(ctx, email);
  const told = notify
    ? await notifyPerson(request, ctx, {
        email: done.email,
        slackUserId: done.slackUserId,
        notice: 'reactivated',
        message: (organizationName) =>
          reactivatedNoticeBlocks({
            organizationName,
            actorSlackId: ctx.actor.slackUserId,
            role: done.role,
            licenseType: done.licenseType,
            groupNames: done.groupNames,
            learningUrl: request.deps.learningUrl,
          }),
      })
    : notToldLine(done.email);
  await request.reply({ text: `${reactivatedText(done)}\n${told}` });
}

/** `/ub reactivate <email|@mention>` */
export const reactivateSubcommand = defineSubcommand({
  name: 'reactivate',
  usage: '<email or @mention> [--no-notify]',
  summary: 'Reactivate a deactivated person: they take a free license and get back their role and groups.',
  details: [
    'ub tells them in a DM that they are back (`--notify`, the default); `--no-notify` does not.',
    'Needs a free license: `/ub license` shows how many are left.',
    'Group-admin assignments come back for the groups that still exist.',
  ],
  permission: 'user.reactivate',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  flags: notifyFlags,
  schema: personAndNotify,
  openModal: async (request, ctx) => {
    assertMayReactivate(ctx);
    await request.openModal(personModalView({ kind: 'reactivate' }));
  },
  handle: async (request, input, ctx) => {
    await reactivate(request, ctx, input.person, input.notify);
  },
});

/** The form of `/ub reactivate`. */
export const reactivateModal = defineModal({
  callbackId: REACTIVATE_MODAL_CALLBACK_ID,
  errorFields: PERSON_FIELD_ERRORS,
  fields: personAndNotifyFields,
  handle: async (request, input, ctx) => {
    await reactivate(request, ctx, input.person, input.notify);
  },
});
