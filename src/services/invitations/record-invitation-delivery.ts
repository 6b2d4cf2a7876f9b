import { personKey } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { recordAudit } from '../record-audit.js';

/**
 * Remembers which Slack user an invitation DM went to, so a resend reaches them without
 * another users.lookupByEmail. Bookkeeping, not a state change: it reads and writes by `_id`
 * only (an indexed lookup on every engine) and a race with a cancel at worst leaves a Slack id
 * on a cancelled invitation, which the next invitation clears.
 */
export async function recordInvitationDelivery(
  ctx: ServiceContext,
  input: { email: string; slackUserId: string },
): Promise<void> {
  const _id = personKey(ctx.orgId, input.email);
  const current = await ctx.store.invitations.findById(_id).select({ status: 1, slackUserId: 1 }).lean().exec();
  if (current?.status !== 'pending' || current.slackUserId === input.slackUserId) return;
  await ctx.store.invitations.updateOne({ _id }, { $set: { slackUserId: input.slackUserId } }).exec();
  await recordAudit(ctx, {
    action: 'invitation.delivered',
    targetType: 'invitation',
    targetId: _id,
    subjects: [input.email],
    before: current.slackUserId ? { slackUserId: current.slackUserId } : null,
    after: { slackUserId: input.slackUserId },
  });
}
