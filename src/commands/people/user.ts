import { z } from 'zod';
import { getUserProfile } from '../../services/people/get-user-profile.js';
import { USERS_OPEN_ACTION_ID } from '../../views/people/user-list-blocks.js';
import { USER_MODAL_CALLBACK_ID, personModalView } from '../../views/people/user-modals.js';
import { notAMemberBlocks, userProfileBlocks } from '../../views/people/user-profile-blocks.js';
import { myStanding } from '../../services/my-standing.js';
import { UbError } from '../../services/errors.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction } from '../../slack/kit/action.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { ServiceContext } from '../../services/context.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { PERSON_FIELD_ERRORS, personFields } from '../../slack/kit/form-fields.js';
import { personOrMeArg, type PersonOrMe } from '../../slack/kit/arg-schemas.js';

async function showProfile(request: CommandRequest, ctx: ServiceContext, person: PersonOrMe): Promise<void> {
  const email = await emailOfPerson(request, person);
  try {
    await request.reply(userProfileBlocks(await getUserProfile(ctx, email)));
  } catch (error) {
    if (!(person.kind === 'me' && error instanceof UbError && error.code === 'not_found')) throw error;
    // Someone who is not a member yet (never invited, or not accepted): where they stand, and whom to ask.
    await request.reply(notAMemberBlocks(await myStanding(ctx)));
  }
}

/** `/ub user <email|@mention|me>` */
export const userSubcommand = defineSubcommand({
  name: 'user',
  usage: '<email, @mention or me>',
  summary: 'Show someone’s profile: role, license, groups, dates and courses.',
  details: [
    '`/ub user me` shows your own profile; everyone can do that.',
    'Group admins can look at the people of the groups they manage; admins at everyone.',
  ],
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  schema: z.object({ person: personOrMeArg }),
  openModal: async (request) => {
    await request.openModal(personModalView({ kind: 'user' }));
  },
  handle: async (request, input, ctx) => {
    await showProfile(request, ctx, input.person);
  },
});

/** The form of `/ub user`. */
export const userModal = defineModal({
  callbackId: USER_MODAL_CALLBACK_ID,
  errorFields: PERSON_FIELD_ERRORS,
  fields: personFields,
  handle: async (request, person, ctx) => {
    await showProfile(request, ctx, person);
  },
});

/** Open on a row of `/ub users`: the profile as a new message, the list stays. */
export const userOpenButton = defineAction({
  actionId: USERS_OPEN_ACTION_ID,
  value: z.object({ e: z.string().max(254) }),
  handle: async (request, value, ctx) => {
    await showProfile(request, ctx, { kind: 'email', email: value.e });
  },
});
