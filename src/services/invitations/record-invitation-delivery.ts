import { randomUUID } from 'node:crypto';
import { personKey } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { recordAuditOnce } from '../record-audit.js';

/**
 * Remembers which Slack user an invitation DM went to, so a resend reaches them without another
 * users.lookupByEmail. One round trip: the update returns the document as it was (no read first).
 * A DM of a bulk run passes `auditId` (derived from its item): its audit entry is written exactly
 * once, even when a resumed run records the same delivery again; otherwise an entry is written only
 * when the Slack user changed. A race with a cancel at worst leaves a Slack id on a cancelled
 * invitation, which the next invitation clears.
 */
export async function recordInvitationDelivery(
  ctx: ServiceContext,
  input: { email: string; slackUserId: string; auditId?: string },
): Promise<void> {
  const _id = personKey(ctx.orgId, input.email);
  // Filtered by `_id` alone: any other condition makes FerretDB on SQLite read the whole collection.
  const before = await ctx.store.invitations
    .findOneAndUpdate({ _id }, { $set: { slackUserId: input.slackUserId } })
    .lean()
    .exec();
  const changed = before !== null && before.slackUserId !== input.slackUserId;
  if (!changed && !input.auditId) return;
  await recordAuditOnce(ctx, [
    {
      id: input.auditId ?? randomUUID(),
      action: 'invitation.delivered',
      targetType: 'invitation',
      targetId: _id,
      subjects: [input.email],
      before: changed && before?.slackUserId ? { slackUserId: before.slackUserId } : null,
      after: { slackUserId: input.slackUserId },
    },
  ]);
}
