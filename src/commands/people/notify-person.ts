import type { KnownBlock } from '@slack/types';
import type { ServiceContext } from '../../services/context.js';
import { findOrganization } from '../../services/organization-repository.js';
import { recordPersonNotified, type AccountNotice } from '../../services/people/record-person-notified.js';
import { lookupSlackUser } from '../../jobs/invitation-dm.js';
import { postOnce, requestPostEnv } from '../../jobs/kit/post-once.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';

/**
 * Tells a person in a DM that their account was deactivated or reactivated (the rules file: "the
 * admin may notify them"; ub does unless `--no-notify`), once per request (postOnce), and records
 * it in the audit log. Returns the sentence the admin's answer ends with: whether they were told.
 */
export async function notifyPerson(
  request: CommandRequest,
  ctx: ServiceContext,
  input: {
    email: string;
    slackUserId: string | undefined;
    notice: AccountNotice;
    message: (organizationName: string | undefined) => { text: string; blocks: KnownBlock[] };
  },
): Promise<string> {
  const who = escapeMrkdwn(input.email);
  try {
    const target = input.slackUserId ?? (await lookupSlackUser(request.client, input.email));
    if (typeof target !== 'string') return `${who} was not told: ${escapeMrkdwn(target.notFound)}.`;
    const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
    const key = `${ctx.orgId}:${request.requestId}:${input.email}:${input.notice}`;
    const post = requestPostEnv(request, ctx.orgId);
    const outcome = await postOnce(post, key, target, input.message(organizationName));
    if (outcome.state === 'not_sent') return `${who} was not told: ${escapeMrkdwn(outcome.reason)}.`;
    if (outcome.state === 'busy') return `ub is telling ${who} in a DM.`;
    await recordPersonNotified(ctx, {
      id: `${key}:user.notified`,
      email: input.email,
      notice: input.notice,
      slackUserId: target,
    });
    return `ub told ${who} in a DM.`;
  } catch (error) {
    // The change stands without the DM: the admin hears it was not sent, the log has why.
    request.deps.log.warn('slack: account notice not delivered', {
      requestId: request.requestId,
      email: input.email,
      error: (error as Error).message,
    });
    return `${who} was not told: Slack did not take the DM (try telling them yourself).`;
  }
}

/** The answer's last sentence when the admin asked for no DM. */
export function notToldLine(email: string): string {
  return `${escapeMrkdwn(email)} was not told (\`--no-notify\`).`;
}
