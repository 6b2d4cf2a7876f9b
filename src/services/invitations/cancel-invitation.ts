import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { parseEmail } from '../email.js';
import { UbError } from '../errors.js';
import { personKey, type LicenseType } from '../domain.js';
import { freeSeat } from '../seats-repository.js';
import { countPending } from './invitation-repository.js';

export interface CancelledInvitation {
  email: string;
  licenseType: LicenseType;
}

/**
 * Cancels a pending invitation and gives its seat (and Pro seat) back. The pending → cancelled
 * step is one update guarded on the status, so two admins cancelling at once free one seat;
 * the second is told the invitation was already cancelled.
 */
export async function cancelInvitation(ctx: ServiceContext, rawEmail: string): Promise<CancelledInvitation> {
  const email = parseEmail(rawEmail);
  const _id = personKey(ctx.orgId, email);
  const existing = await ctx.store.invitations.findById(_id).lean().exec();
  if (!existing)
    throw new UbError('not_found', `There is no invitation for ${email}. \`/ub invitations\` lists the pending ones.`);
  assertCan(ctx.actor, 'invitation.manage', { groupIds: existing.groupIds });

  const cancelled = await ctx.store.invitations
    .findOneAndUpdate(
      { _id, status: 'pending' },
      { $set: { status: 'cancelled', cancelledAt: ctx.now() }, $inc: { version: 1 } },
      { returnDocument: 'before' },
    )
    .lean()
    .exec();
  if (!cancelled) {
    const current = await ctx.store.invitations.findById(_id).select({ status: 1 }).lean().exec();
    throw current?.status === 'accepted'
      ? new UbError(
          'invalid_state',
          `${email} has already accepted and joined; to take the license back, use \`/ub deactivate ${email}\`.`,
        )
      : new UbError('invalid_state', `The invitation for ${email} is already cancelled; nothing changed.`);
  }
  await freeSeat(ctx.store, ctx.orgId, { pro: cancelled.licenseType === 'pro' });
  ctx.seatFreed?.();
  await countPending(ctx.store, ctx.orgId, cancelled.groupIds, -1);
  await recordAudit(ctx, {
    action: 'invitation.cancel',
    targetType: 'invitation',
    targetId: _id,
    subjects: [email, ...cancelled.groupIds],
    before: { status: 'pending', licenseType: cancelled.licenseType },
    after: { status: 'cancelled' },
  });
  return { email, licenseType: cancelled.licenseType };
}
