import type { BulkProblem } from '../../services/domain.js';
import { resolvePeople } from '../../slack/kit/resolve-people.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { splitAddresses } from '../../slack/kit/form-fields.js';
import type { ArgToken } from '../../slack/kit/tokenize.js';

export interface NamedPeople {
  /** Addresses as typed, then the emails of the @mentions. */
  emails: string[];
  /** Mentions without a usable email, with why. */
  unresolved: BulkProblem[];
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
  return { emails: [...emails, ...resolved.emails], unresolved: resolved.unresolved, slackIds: resolved.slackIds };
}
