import { z } from 'zod';
import { emailSchema } from '../../services/email.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { groupFormCallbackId } from '../../views/groups/group-modals.js';
import type { PersonRef } from '../../slack/kit/arg-schemas.js';
import { askToDelete, rename } from './group-catalog-commands.js';
import { changeGroupAdmin } from './group-admin.js';
import { add, removeOrAsk, showMembers } from './group-member-commands.js';
import { defineModal, type Modal } from '../../slack/kit/modal.js';

/** The forms `/ub group <subcommand>` opens without arguments; each submits to the same code as the command. */
const groupField = z
  .string({ error: 'Name the group.' })
  .trim()
  .min(1, 'Name the group.')
  .max(MAX_GROUP_NAME, `Group names are at most ${MAX_GROUP_NAME} characters.`);

/** People picked in Slack and/or found in ub (their emails); at least one, every address valid. */
const peopleFields = z
  .object({ group: groupField, people: z.array(z.string()).optional(), emails: z.array(z.string()).optional() })
  .transform((fields, ctx) => {
    const refs: PersonRef[] = (fields.people ?? []).map((slackUserId) => ({ kind: 'slack', slackUserId }));
    for (const typed of fields.emails ?? []) {
      const parsed = emailSchema.safeParse(typed);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: ['emails'], message: `“${typed}” is not an email address.` });
        return z.NEVER;
      }
      refs.push({ kind: 'email', email: parsed.data });
    }
    if (refs.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['people'], message: 'Pick people in Slack or type their emails.' });
      return z.NEVER;
    }
    return { group: fields.group, refs };
  });

const adminFields = z
  .object({
    group: groupField,
    change: z.enum(['add', 'remove'], { error: 'Choose what to change.' }),
    person: z.string().optional(),
    email: z.string().optional(),
    permissions: z.array(z.string()).optional(),
  })
  .transform((fields, ctx) => {
    let person: PersonRef | undefined;
    if (fields.person) person = { kind: 'slack', slackUserId: fields.person };
    else if (fields.email?.trim()) {
      const parsed = emailSchema.safeParse(fields.email);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', path: ['email'], message: 'Not a valid email address.' });
        return z.NEVER;
      }
      person = { kind: 'email', email: parsed.data };
    }
    if (!person) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Pick the person in Slack or type their email.' });
      return z.NEVER;
    }
    const inviteDeactivate = fields.change === 'add' && (fields.permissions ?? []).includes('invite_deactivate');
    return { change: fields.change, group: fields.group, person, inviteDeactivate };
  });

/** The group named in the form is unknown, or one the person does not manage: said under the group field. */
const GROUP_FIELD_ERRORS = { not_found: 'group', not_authorized: 'group' } as const;

export function groupFormModals(): Modal[] {
  return [
    defineModal({
      callbackId: groupFormCallbackId('rename'),
      errorFields: { not_found: 'group', already_exists: 'newName', invalid_input: 'newName' },
      fields: z.object({ group: groupField, newName: groupField }),
      handle: (request, input, ctx) => rename(request, ctx, input.group, input.newName),
    }),
    defineModal({
      callbackId: groupFormCallbackId('delete'),
      errorFields: GROUP_FIELD_ERRORS,
      fields: z.object({ group: groupField }),
      handle: (request, input, ctx) => askToDelete(request, ctx, input.group),
    }),
    defineModal({
      callbackId: groupFormCallbackId('show'),
      errorFields: GROUP_FIELD_ERRORS,
      fields: z.object({ group: groupField }),
      handle: (request, input, ctx) => showMembers(request, ctx, input.group, {}, 1, false),
    }),
    defineModal({
      callbackId: groupFormCallbackId('add'),
      errorFields: GROUP_FIELD_ERRORS,
      fields: peopleFields,
      handle: (request, input, ctx) => add(request, ctx, input.group, input.refs),
    }),
    defineModal({
      callbackId: groupFormCallbackId('remove'),
      errorFields: GROUP_FIELD_ERRORS,
      fields: peopleFields,
      handle: (request, input, ctx) => removeOrAsk(request, ctx, input.group, input.refs),
    }),
    defineModal({
      callbackId: groupFormCallbackId('admin'),
      fields: adminFields,
      handle: (request, input, ctx) => changeGroupAdmin(request, ctx, input),
    }),
  ];
}
