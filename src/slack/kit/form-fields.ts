import { z } from 'zod';
import { emailSchema } from '../../services/email.js';
import type { PersonRef } from './arg-schemas.js';

/** zod schemas over a submitted form's fields (see view-state.ts), with errors that read well under a field. */

/** Splits a pasted list of addresses: new lines, spaces, commas, semicolons; `<a@b.co>` loses its brackets. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.replace(/^<(.*)>$/, '$1'))
    .filter(Boolean);
}

/** One email address typed in a form. */
export const formEmailField = z.string({ error: 'Enter an email address.' }).transform((value, ctx) => {
  const parsed = emailSchema.safeParse(value);
  if (!parsed.success) {
    ctx.addIssue({ code: 'custom', message: 'Not a valid email address.' });
    return z.NEVER;
  }
  return parsed.data;
});

/**
 * Business errors about the person a form names (not a member, deactivated, outside the groups
 * one manages, the last admin), shown under the person picker (see defineModal's errorFields).
 */
export const PERSON_FIELD_ERRORS = {
  not_found: 'person',
  invalid_state: 'person',
  not_authorized: 'person',
} as const;

/**
 * The person fields of a form (block ids `person` and `email`, see views/people/user-modals.ts):
 * a Slack user picked, or someone found in ub (their email). Exactly one is needed; the error is
 * shown under the Slack picker.
 */
export const personFields = z
  .object({ person: z.string().optional(), email: z.string().optional() })
  .transform((fields, ctx): PersonRef => {
    const typed = fields.email?.trim();
    if (fields.person && typed) {
      ctx.addIssue({
        code: 'custom',
        path: ['person'],
        message: 'Pick someone in Slack or find them in ub, not both.',
      });
      return z.NEVER;
    }
    if (fields.person) return { kind: 'slack', slackUserId: fields.person };
    if (!typed) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Pick someone in Slack, or find them in ub below.' });
      return z.NEVER;
    }
    const parsed = emailSchema.safeParse(typed);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'That is not an email address.' });
      return z.NEVER;
    }
    return { kind: 'email', email: parsed.data };
  });
