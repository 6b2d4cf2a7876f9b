import { z } from 'zod';
import { assertMayReactivate, reactivateUser } from '../../services/people/reactivate-user.js';
import { reactivatedText } from '../../views/people/user-change-blocks.js';
import { REACTIVATE_MODAL_CALLBACK_ID, personModalView } from '../../views/people/user-modals.js';
import { personArg, type PersonRef } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineModal, encodeModalMetadata } from '../../slack/kit/interaction.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { personFields } from '../../slack/kit/form-fields.js';

async function reactivate(request: CommandRequest, person: PersonRef): Promise<void> {
  const email = await emailOfPerson(request, person);
  const done = await reactivateUser(await request.serviceContext(), email);
  await request.reply({ text: reactivatedText(done, request.slackUserId) });
}

/** `/ub reactivate <email|@mention>` */
export const reactivateSubcommand = defineSubcommand({
  name: 'reactivate',
  usage: '<email or @mention>',
  summary: 'Reactivate a deactivated person: they take a free license and get back their role and groups.',
  details: ['Needs a free license: `/ub license` shows how many are left.', 'Group-admin assignments come back for the groups that still exist.'],
  audience: 'admins',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  schema: z.object({ person: personArg }),
  openModal: async (request) => {
    assertMayReactivate(await request.serviceContext());
    await request.openModal(personModalView({ kind: 'reactivate', privateMetadata: encodeModalMetadata({ channelId: request.channelId, extra: {} }) }));
  },
  handle: async (request, input) => {
    await reactivate(request, input.person);
  },
});

/** The form of `/ub reactivate`. */
export const reactivateModal = defineModal({
  callbackId: REACTIVATE_MODAL_CALLBACK_ID,
  fields: personFields,
  handle: async (request, person) => {
    await reactivate(request, person);
  },
});
