import { z } from 'zod';
import { emailSchema } from '../services/email.js';
import type { AddressOutcome } from '../services/invitations.js';
import { resolvePeople } from '../slack/resolve-people.js';
import type { CommandRequest } from './command-request.js';
import type { ArgToken } from './tokenize.js';

export interface NamedPeople {
  /** Addresses as typed, then the emails of the @mentions. */
  emails: string[];
  /** Mentions without a usable email, with why. */
  unresolved: AddressOutcome[];
  /** email → Slack user id for the people named by @mention. */
  slackIds: Map<string, string>;
}

/**
 * Turns `/ub invite` tokens into addresses: words split on commas and semicolons (people paste
 * lists), @mentions turned into the email on the person's Slack profile. Addresses are not
 * checked here: the service reports each malformed one on its own.
 */
export async function namedPeople(request: CommandRequest, tokens: ArgToken[]): Promise<NamedPeople> {
  const emails: string[] = [];
  const mentions: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'user') mentions.push(token.value);
    else emails.push(...splitAddresses(token.value));
  }
  if (mentions.length === 0) return { emails, unresolved: [], slackIds: new Map() };
  const resolved = await resolvePeople(
    request,
    mentions.map((slackUserId) => ({ kind: 'slack' as const, slackUserId })),
  );
  return {
    emails: [...emails, ...resolved.emails],
    unresolved: resolved.unresolved.map((u) => ({ email: u.label, reason: u.reason })),
    slackIds: resolved.slackIds,
  };
}

/** Splits a pasted list of addresses: new lines, spaces, commas, semicolons; `<a@b.co>` loses its brackets. */
export function splitAddresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((part) => part.replace(/^<(.*)>$/, '$1'))
    .filter(Boolean);
}

/** One email address typed in a form, with an error that reads well under the field. */
export const formEmailField = z
  .string({ error: 'Enter an email address.' })
  .transform((value, ctx) => {
    const parsed = emailSchema.safeParse(value);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'Not a valid email address.' });
      return z.NEVER;
    }
    return parsed.data;
  });
