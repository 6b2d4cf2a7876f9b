import { z } from 'zod';
import { emailSchema } from '../services/email.js';
import { UbError } from '../services/errors.js';
import { resolvePeople } from '../slack/resolve-people.js';
import { argToken, personArg, type PersonRef } from './arg-schemas.js';
import type { CommandRequest } from './command-request.js';

/** A person as the user commands take them: an email, an @mention, or `me`. */
export type PersonOrMe = PersonRef | { kind: 'me' };

export const personOrMeArg = argToken.transform((token, ctx): PersonOrMe => {
  if (token.kind === 'text' && token.value.trim().toLowerCase() === 'me') return { kind: 'me' };
  const parsed = personArg.safeParse(token);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
  return z.NEVER;
});

/** The email behind an email, a mention (their Slack profile's email) or `me` (the actor). */
export async function emailOfPerson(request: CommandRequest, person: PersonOrMe): Promise<string> {
  if (person.kind === 'email') return person.email;
  if (person.kind === 'me') {
    const actor = await request.actor();
    if (!actor.email) throw new UbError('not_found', 'Your Slack profile has no email, so ub cannot tell which member you are. Add one in Slack, or ask an admin.');
    return actor.email;
  }
  const resolved = await resolvePeople(request, [person]);
  const email = resolved.emails[0];
  if (!email) throw new UbError('invalid_input', `<@${person.slackUserId}> ${resolved.unresolved[0]?.reason ?? 'has no email on their Slack profile'}.`);
  return email;
}

/**
 * The person fields of the user forms (see views/user-modals.ts): a Slack user picked, or an
 * email typed. Exactly one is needed; the error is shown under the picker.
 */
export const personFields = z
  .object({ person: z.string().optional(), email: z.string().optional() })
  .transform((fields, ctx): PersonRef => {
    const typed = fields.email?.trim();
    if (fields.person && typed) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Pick someone or type an email, not both.' });
      return z.NEVER;
    }
    if (fields.person) return { kind: 'slack', slackUserId: fields.person };
    if (!typed) {
      ctx.addIssue({ code: 'custom', path: ['person'], message: 'Pick someone, or type their email below.' });
      return z.NEVER;
    }
    const parsed = emailSchema.safeParse(typed);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'That is not an email address.' });
      return z.NEVER;
    }
    return { kind: 'email', email: parsed.data };
  });
