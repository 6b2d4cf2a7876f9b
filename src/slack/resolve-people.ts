import type { PersonRef } from '../commands/arg-schemas.js';
import type { CommandRequest } from '../commands/command-request.js';
import { normalizeEmail } from '../services/email.js';
import { slackProfile } from './slack-identity.js';

export interface ResolvedPeople {
  /** Normalized emails, in the order given, without repeats. */
  emails: string[];
  /** Mentions ub could not turn into an email, with why. */
  unresolved: Array<{ label: string; reason: string }>;
  /** email → Slack user id, for the people named by mention (to DM them). */
  slackIds: Map<string, string>;
}

/** Turns emails and @mentions into emails: a mention's email comes from the person's Slack profile. */
export async function resolvePeople(request: CommandRequest, refs: PersonRef[]): Promise<ResolvedPeople> {
  const emails: string[] = [];
  const unresolved: ResolvedPeople['unresolved'] = [];
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
    if (profile.isBot) {
      unresolved.push({ label: `<@${ref.slackUserId}>`, reason: 'is a bot' });
    } else if (!profile.email) {
      unresolved.push({ label: `<@${ref.slackUserId}>`, reason: 'has no email on their Slack profile; use their email instead' });
    } else {
      const email = normalizeEmail(profile.email);
      if (!emails.includes(email)) emails.push(email);
      slackIds.set(email, ref.slackUserId);
    }
  }
  return { emails, unresolved, slackIds };
}
