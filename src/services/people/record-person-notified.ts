import type { ServiceContext } from '../context.js';
import { personKey } from '../domain.js';
import { recordAuditOnce } from '../record-audit.js';

/** What ub told a person about their account. */
export type AccountNotice = 'deactivated' | 'reactivated';

/**
 * Records that a person was told in a DM that their account was deactivated or reactivated (the
 * `--notify` of those commands): who told them, which Slack user got it, where it landed. `id` comes
 * from the message's own once-key, so recording the same DM again writes nothing.
 */
export async function recordPersonNotified(
  ctx: ServiceContext,
  input: { id: string; email: string; notice: AccountNotice; slackUserId: string },
): Promise<void> {
  await recordAuditOnce(ctx, [
    {
      id: input.id,
      action: 'user.notified',
      targetType: 'user',
      targetId: personKey(ctx.orgId, input.email),
      subjects: [input.email],
      after: { notice: input.notice, via: 'dm', slackUserId: input.slackUserId },
    },
  ]);
}
