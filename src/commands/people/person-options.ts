import { emailSchema } from '../../services/email.js';
import { UbError } from '../../services/errors.js';
import { searchUsers, type UserSummary } from '../../services/people/search-users.js';
import { defineOptions } from '../../slack/kit/options.js';
import { PERSON_OPTIONS_ACTION_ID, personOptions } from '../../views/pickers.js';

/** People offered at once: enough to pick from, few enough to answer fast; typing more narrows. */
const PEOPLE_SHOWN = 50;

/**
 * The people pickers of every form: ub's members whose name or email words begin with what is
 * typed, as `/ub users` finds them (a group admin sees the people of their groups). A complete
 * email typed is offered too, as typed, so a form can still name someone the search does not list
 * (a pending invitation, someone not in ub yet): the form's own rules then decide.
 */
export const personOptionsProvider = defineOptions({
  actionId: PERSON_OPTIONS_ACTION_ID,
  load: async (_request, typed, ctx) => {
    let found: UserSummary[] = [];
    try {
      found = (await searchUsers(ctx, { query: typed, limit: PEOPLE_SHOWN })).users;
    } catch (error) {
      // Someone who may not list people, or text with nothing to search by: only what was typed.
      if (!(error instanceof UbError && (error.code === 'not_authorized' || error.code === 'invalid_input')))
        throw error;
    }
    const email = emailSchema.safeParse(typed.trim());
    const asTyped =
      email.success && !found.some((u) => u.email === email.data) ? [{ email: email.data, name: email.data }] : [];
    return personOptions([...asTyped, ...found]);
  },
});
