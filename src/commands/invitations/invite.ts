import { z } from 'zod';
import { MAX_INVITE_EMAILS, MAX_INVITE_MESSAGE } from '../../services/invitations/invite-users.js';
import { argToken, choiceArg, switchArg, textArg } from '../../slack/kit/arg-schemas.js';
import { findInvitationLanguage, INVITATION_LANGUAGES } from '../../services/domain.js';
import { WRITTEN_LANGUAGES } from '../../views/invitations/invitation-texts.js';
import { runInvite } from './invite-flow.js';
import { openInviteModal } from './invite-modal.js';
import { namedPeople } from './named-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** `--language de`, `--language German`, `--language Deutsch`: one of the languages Udemy Business offers. */
const languageArg = argToken.transform((token, ctx) => {
  const found = token.kind === 'text' ? findInvitationLanguage(token.value) : undefined;
  if (!found) {
    ctx.addIssue({
      code: 'custom',
      message: `must be one of the languages Udemy Business offers: ${INVITATION_LANGUAGES.map((l) => l.code).join(', ')} (or their names)`,
    });
    return z.NEVER;
  }
  return found;
});

/** `/ub invite <emails or @mentions>... [--group <name>]... [--role user|admin] [--pro] [--message "..."]` */
export const inviteSubcommand = defineSubcommand({
  name: 'invite',
  usage:
    '<emails or @mentions>... [--group <name>]... [--role user|admin] [--pro] [--language <language>] [--message "<text>"]',
  summary: 'Invite people by email or @mention. Each invitation holds a license until it is accepted or cancelled.',
  details: [
    '`/ub invite ada@example.com alan@example.com --group "Data Eng" --message "Welcome!"`',
    'Addresses can be separated by spaces, commas or new lines; up to 1,000 at a time. Long lists show their progress and finish in the background.',
    'People already in this Slack workspace get a DM with an Accept button; accepting makes them active members.',
    'Already active, already invited and deactivated people are skipped, each with the reason. When licenses run out, the rest fail and say so.',
    `\`--language de\` (or \`German\`, \`Deutsch\`) writes the invitation in one of the languages Udemy Business offers: ${INVITATION_LANGUAGES.map((l) => l.code).join(', ')}. ub has texts for ${WRITTEN_LANGUAGES.join(', ')}; the others are sent in English, and the result says so.`,
    '`--role admin` and `--pro` are for admins. Group admins invite into the groups they manage and must name one with `--group`.',
    'To make someone a group admin, invite them as a user, then use `/ub group admin` once they have joined.',
  ],
  permission: 'user.invite',
  reply: 'ephemeral',
  positionals: [{ name: 'people', variadic: true }],
  flags: {
    group: { takesValue: true, repeatable: true, mayHaveSpaces: true },
    role: { takesValue: true },
    pro: { takesValue: false },
    message: { takesValue: true },
    language: { takesValue: true },
  },
  schema: z.object({
    people: z
      .array(argToken)
      .min(1, 'needs at least one email address or @mention')
      .max(MAX_INVITE_EMAILS, `takes at most ${MAX_INVITE_EMAILS.toLocaleString('en-US')} addresses at a time`),
    group: z.array(textArg({ max: 150, what: 'a group name (in quotes when it has spaces)' })).optional(),
    role: choiceArg(['user', 'admin', 'group_admin'] as const, {
      learner: 'user',
      groupadmin: 'group_admin',
    }).optional(),
    pro: switchArg,
    message: textArg({ max: MAX_INVITE_MESSAGE, what: 'a message, in quotes' }).optional(),
    language: languageArg.optional(),
  }),
  openModal: openInviteModal,
  handle: async (request, input, ctx) => {
    const people = await namedPeople(request, input.people);
    await runInvite(request, ctx, {
      ...people,
      ...(input.group ? { groupNames: input.group } : {}),
      ...(input.role ? { role: input.role } : {}),
      pro: input.pro,
      ...(input.message ? { message: input.message } : {}),
      ...(input.language ? { language: input.language } : {}),
    });
  },
});
