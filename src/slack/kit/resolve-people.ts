import type { PersonOrMe, PersonRef } from './arg-schemas.js';
import type { CommandRequest } from './request.js';
import type { BulkProblem } from '../../services/domain.js';
import { normalizeEmail } from '../../services/email.js';
import { UbError } from '../../services/errors.js';
import { slackProfile } from '../slack-identity.js';

export interface ResolvedPeople {
  /** Normalized emails, in the order given, without repeats. */
  emails: string[];
  /** Mentions ub could not turn into an email (`<@U…>` as the item's email), with why. */
  unresolved: BulkProblem[];
  /** email → Slack user id, for the people named by mention (to DM them). */
  slackIds: Map<string, string>;
}

/** Turns emails and @mentions into emails: a mention's email comes from the person's Slack profile. */
export async function resolvePeople(request: CommandRequest, refs: PersonRef[]): Promise<ResolvedPeople> {
  const emails: string[] = [];
  const unresolved: BulkProblem[] = [];
  const slackIds = new Map<string, string>();
  for (const ref of refs) {
    if (ref.kind === 'email') {
      if (!emails.includes(ref.email)) emails.push(ref.email);
      continue;
    }
    const profile = await slackProfile({
      store: request.deps.store,
      client: request.client,
      orgId: request.orgId,
      slackUserId: ref.slackUserId,
      now: request.deps.now(),
      log: request.deps.log,
    });
    if (profile.unknown) {
      // A mention of nobody Slack knows would render as an unknown user: the id is named in words.
      unresolved.push({
        email: `Slack user ${ref.slackUserId}`,
        reason: 'is not someone Slack knows here (they may have left this workspace); use their email instead',
      });
    } else if (profile.isBot) {
      unresolved.push({ email: `<@${ref.slackUserId}>`, slackUserId: ref.slackUserId, reason: 'is a bot' });
    } else if (!profile.email) {
      unresolved.push({
        email: `<@${ref.slackUserId}>`,
        slackUserId: ref.slackUserId,
        reason: 'has no email on their Slack profile; use their email instead',
      });
    } else {
      const email = normalizeEmail(profile.email);
      if (!emails.includes(email)) emails.push(email);
      slackIds.set(email, ref.slackUserId);
    }
  }
  return { emails, unresolved, slackIds };
}

/** The email behind one person: as typed, their Slack profile's email for a mention, or the actor's for `me`. */
export async function emailOfPerson(request: CommandRequest, person: PersonOrMe): Promise<string> {
  if (person.kind === 'email') return person.email;
  if (person.kind === 'me') {
    const actor = await request.actor();
    if (!actor.email)
      throw new UbError(
        'not_found',
        'Your Slack profile has no email, so ub cannot tell which member you are. Add one in Slack, or ask an admin.',
      );
    return actor.email;
  }
  const resolved = await resolvePeople(request, [person]);
  const email = resolved.emails[0];
  if (!email)
    throw new UbError(
      'invalid_input',
      `The person you mentioned ${resolved.unresolved[0]?.reason ?? 'has no email on their Slack profile'}.`,
    );
  return email;
}
