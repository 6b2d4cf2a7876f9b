import { z } from 'zod';
import { emailSchema } from '../../services/email.js';
import { INVITATION_LANGUAGES, type InvitationLanguage } from '../../services/domain.js';
import { inviteFormChoices, MAX_INVITE_EMAILS, MAX_INVITE_MESSAGE } from '../../services/invitations/invite-users.js';
import { INVITE_MODAL_CALLBACK_ID, inviteModalView } from '../../views/invitations/invitation-modals.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { ServiceContext } from '../../services/context.js';
import { runInvite } from './invite-flow.js';
import { splitAddresses } from '../../slack/kit/form-fields.js';

/** `/ub invite` without arguments: the form, with the groups the actor may invite into. */
export async function openInviteModal(request: CommandRequest, ctx: ServiceContext): Promise<void> {
  const choices = await inviteFormChoices(ctx);
  await request.openModal(inviteModalView({ ...choices, messageMax: MAX_INVITE_MESSAGE }));
}

const addressesField = z
  .string({ error: 'Enter at least one email address.' })
  .transform(splitAddresses)
  .superRefine((addresses, ctx) => {
    if (addresses.length === 0) ctx.addIssue({ code: 'custom', message: 'Enter at least one email address.' });
    if (addresses.length > MAX_INVITE_EMAILS)
      ctx.addIssue({ code: 'custom', message: `At most ${MAX_INVITE_EMAILS} addresses at a time.` });
    const bad = addresses.filter((a) => !emailSchema.safeParse(a).success);
    if (bad.length > 0) {
      const shown = bad.slice(0, 3).join(', ');
      ctx.addIssue({
        code: 'custom',
        message: `Not email addresses: ${shown}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}`,
      });
    }
  });

/** The invite form's submission: field errors stay in the form; a valid one runs like the command. */
export const inviteModal = defineModal({
  callbackId: INVITE_MODAL_CALLBACK_ID,
  // Unknown groups, or groups a group admin may not invite into: the rest of the form was fine.
  errorFields: { invalid_input: 'groups', not_authorized: 'groups' },
  fields: z.object({
    emails: addressesField,
    /** Group ids picked in the select… */
    groups: z.array(z.string()).optional(),
    /** …or group names picked by typing (organizations with more groups than a select holds). */
    groupNames: z.array(z.string()).optional(),
    role: z.enum(['user', 'admin'], { error: 'Pick a role.' }).optional(),
    pro: z.array(z.string()).optional(),
    language: z
      .enum(INVITATION_LANGUAGES.map((l) => l.code) as [InvitationLanguage, ...InvitationLanguage[]], {
        error: 'Pick a language.',
      })
      .optional(),
    message: z.string().max(MAX_INVITE_MESSAGE, `At most ${MAX_INVITE_MESSAGE} characters.`).optional(),
  }),
  handle: async (request, input, ctx) => {
    await runInvite(request, ctx, {
      emails: input.emails,
      unresolved: [],
      slackIds: new Map(),
      ...(input.groups ? { groupIds: input.groups } : {}),
      ...(input.groupNames ? { groupNames: input.groupNames } : {}),
      ...(input.role ? { role: input.role } : {}),
      pro: input.pro?.includes('pro') ?? false,
      ...(input.message?.trim() ? { message: input.message } : {}),
      ...(input.language ? { language: input.language } : {}),
    });
  },
});
