import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { ROLES, type Role } from '../../services/domain.js';
import { assertMayChangeRoles, changeRole, previewRoleChange } from '../../services/people/change-role.js';
import { choiceArg, personArg, type PersonRef } from '../../slack/kit/arg-schemas.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import { PERSON_FIELD_ERRORS, personFields } from '../../slack/kit/form-fields.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import {
  ROLE_CONFIRM_ACTION_ID,
  roleChangedText,
  roleChangePreviewBlocks,
} from '../../views/people/user-change-blocks.js';
import { ROLE_MODAL_CALLBACK_ID, roleModalView } from '../../views/people/user-modals.js';

/** Confirm on the preview of a promotion to admin or a demotion from it: the preview becomes what was done. */
export const roleConfirmButton = defineConfirmation({
  actionId: ROLE_CONFIRM_ACTION_ID,
  value: z.object({ e: z.string().max(254), r: z.enum(ROLES) }),
  confirm: async (_request, value, ctx) => roleChangedText(await changeRole(ctx, { email: value.e, role: value.r })),
});

/**
 * Changes the role at once, except a change to or from admin: that is confirmed first, both ways
 * (making someone an admin hands them every person, license and group).
 */
async function requestRoleChange(
  request: CommandRequest,
  ctx: ServiceContext,
  person: PersonRef,
  role: Role,
): Promise<void> {
  const email = await emailOfPerson(request, person);
  const preview = await previewRoleChange(ctx, { email, role });
  const demotion = preview.from === 'admin' && role !== 'admin' && !preview.pending;
  const promotion = role === 'admin' && preview.from !== 'admin';
  if (demotion || promotion) {
    await request.reply(roleChangePreviewBlocks(preview, roleConfirmButton.encode({ e: preview.email, r: role })));
    return;
  }
  await request.reply({ text: roleChangedText(await changeRole(ctx, { email, role })) });
}

/** `/ub role <email|@mention> <admin|group_admin|user>` */
export const roleSubcommand = defineSubcommand({
  name: 'role',
  usage: '<email or @mention> <admin|group_admin|user>',
  summary:
    'Change someone’s role (admin, group admin, user). Making someone an admin, or taking it away, asks to confirm.',
  details: [
    'Works for pending invitations too.',
    'A group admin who becomes a user stops managing their groups; assign groups to a group admin with `/ub group admin`.',
    'The last active admin cannot be demoted.',
  ],
  permission: 'user.change_role',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }, { name: 'role' }],
  schema: z.object({
    person: personArg,
    role: choiceArg(ROLES, { group_admins: 'group_admin', groupadmin: 'group_admin', learner: 'user' }),
  }),
  openModal: async (request, ctx) => {
    assertMayChangeRoles(ctx);
    await request.openModal(roleModalView());
  },
  handle: async (request, input, ctx) => {
    await requestRoleChange(request, ctx, input.person, input.role);
  },
});

/** The form of `/ub role`. */
export const roleModal = defineModal({
  callbackId: ROLE_MODAL_CALLBACK_ID,
  errorFields: PERSON_FIELD_ERRORS,
  fields: z
    .object({
      person: z.string().optional(),
      email: z.string().optional(),
      role: z.enum(ROLES, { error: 'Pick a role.' }),
    })
    .transform((fields, ctx) => {
      const person = personFields.safeParse({ person: fields.person, email: fields.email });
      if (!person.success) {
        for (const issue of person.error.issues)
          ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        return z.NEVER;
      }
      return { person: person.data, role: fields.role };
    }),
  handle: async (request, input, ctx) => {
    await requestRoleChange(request, ctx, input.person, input.role);
  },
});
