import { randomUUID } from 'node:crypto';
import { personKey } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { recordAuditOnce } from '../record-audit.js';
import { UPDATES_PER_COMMAND } from '../write-limits.js';

/** One invitation DM that went out: to whom, and what the invitation said before. */
export interface InvitationDelivery {
  email: string;
  slackUserId: string;
  /** Where the DM landed: the next resend turns its Accept off (chat.update). */
  dm?: { channel: string; ts: string } | undefined;
  /** The Slack user the invitation held before, when known (a resend); undefined for a new one. */
  previousSlackUserId: string | undefined;
  /**
   * The audit entry's id when the DM belongs to a bulk run (derived from its item): the entry is
   * written exactly once, even when a resumed run records the same delivery again.
   */
  auditId?: string;
}

/**
 * Remembers which Slack user each invitation DM went to, so a resend reaches them without another
 * users.lookupByEmail: one bulk update by `_id` (the one filter FerretDB on SQLite indexes) and one
 * insert of audit entries, for a whole page of DMs. Recording the same delivery again changes
 * nothing. A DM of a bulk run always gets its entry; one sent in a request only when the Slack user
 * changed. A race with a cancel at worst leaves a Slack id on a cancelled invitation, which the next
 * invitation clears.
 */
export async function recordInvitationDeliveries(ctx: ServiceContext, deliveries: InvitationDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  for (let first = 0; first < deliveries.length; first += UPDATES_PER_COMMAND) {
    await ctx.store.invitations.bulkWrite(
      deliveries.slice(first, first + UPDATES_PER_COMMAND).map((d) => ({
        updateOne: {
          filter: { _id: personKey(ctx.orgId, d.email) },
          update: { $set: { slackUserId: d.slackUserId, ...(d.dm ? { dm: d.dm } : {}) } },
        },
      })),
      { ordered: false },
    );
  }
  await recordAuditOnce(
    ctx,
    deliveries
      .filter((d) => d.auditId !== undefined || d.previousSlackUserId !== d.slackUserId)
      .map((d) => ({
        id: d.auditId ?? randomUUID(),
        action: 'invitation.delivered',
        targetType: 'invitation',
        targetId: personKey(ctx.orgId, d.email),
        subjects: [d.email],
        before:
          d.previousSlackUserId && d.previousSlackUserId !== d.slackUserId
            ? { slackUserId: d.previousSlackUserId }
            : null,
        after: { slackUserId: d.slackUserId },
      })),
  );
}
