import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit, recordAuditOnce } from '../record-audit.js';
import { parseEmail } from '../email.js';
import { UbError } from '../errors.js';
import { personKey, type LicenseType } from '../domain.js';
import { freeProSeat, takeProSeat } from '../seats-repository.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';

export interface ProChange {
  email: string;
  licenseType: LicenseType;
  /** False when the person already had the license type asked for. */
  changed: boolean;
  /** True when the change went to a pending invitation rather than a user. */
  pending: boolean;
}

/**
 * Gives an active user (or a pending invitation) a Pro license, or takes it back to standard.
 * The Pro seat moves with a guarded update of the person, so two admins doing it at once move
 * one seat; the second hears the current state.
 */
export async function setPro(
  ctx: ServiceContext,
  input: {
    email: string;
    pro: boolean;
    /**
     * The audit entry's id, for a caller that may do it again after a stop (a job): its entry is
     * written once, and the caller can write it when it finds the change made but maybe not recorded.
     */
    auditId?: string;
  },
): Promise<ProChange> {
  assertCan(ctx.actor, 'license.manage');
  const email = parseEmail(input.email);
  const from: LicenseType = input.pro ? 'standard' : 'pro';
  const to: LicenseType = input.pro ? 'pro' : 'standard';

  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).lean().exec();
  const invitation = user
    ? null
    : await ctx.store.invitations
        .findById(personKey(ctx.orgId, email))
        .select({ status: 1, licenseType: 1 })
        .lean()
        .exec();
  const pending = invitation?.status === 'pending';
  if (user?.status === 'deactivated') {
    throw new UbError(
      'invalid_state',
      `${email} is deactivated and holds no license. Reactivate them first with \`/ub reactivate ${email}\`.`,
    );
  }
  if (!user && !pending)
    throw new UbError(
      'not_found',
      `${email} is neither a member nor invited. Invite them with \`/ub invite ${email}${input.pro ? ' --pro' : ''}\`.`,
    );
  const current = (user ?? invitation)!.licenseType;
  if (current === to) return { email, licenseType: to, changed: false, pending };

  const _id = user ? personKey(ctx.orgId, email) : personKey(ctx.orgId, email);
  if (input.pro) await takeProSeat(ctx.store, ctx.orgId);
  const update = { $set: { licenseType: to, ...(input.pro ? { proSince: ctx.now() } : {}) }, $inc: { version: 1 } };
  const moved = user
    ? await writeMemberIndexed(ctx.store, ctx.orgId, { before: user, after: { ...user, licenseType: to } }, () =>
        ctx.store.users.findOneAndUpdate({ _id, status: 'active', licenseType: from }, update).lean().exec(),
      )
    : await ctx.store.invitations.findOneAndUpdate({ _id, status: 'pending', licenseType: from }, update).lean().exec();
  if (!moved) {
    if (input.pro) await freeProSeat(ctx.store, ctx.orgId);
    const now = user
      ? await ctx.store.users.findById(_id).select({ status: 1, licenseType: 1 }).lean().exec()
      : await ctx.store.invitations.findById(_id).select({ status: 1, licenseType: 1 }).lean().exec();
    if (now && now.licenseType === to && now.status === (user ? 'active' : 'pending'))
      return { email, licenseType: to, changed: false, pending };
    throw new UbError(
      'conflict',
      `${email} changed while ub was updating them. Check with \`/ub user ${email}\` and run it again.`,
    );
  }
  if (!input.pro) {
    await freeProSeat(ctx.store, ctx.orgId);
    ctx.seatFreed?.();
  }
  const entry = licenseChangeAudit({ email, targetId: _id, user: user !== null, from, to });
  if (input.auditId) await recordAuditOnce(ctx, [{ ...entry, id: input.auditId }]);
  else await recordAudit(ctx, entry);
  return { email, licenseType: to, changed: true, pending };
}

/** The audit entry of a license change: a member's (`user.set_license`) or a pending invitation's. */
export function licenseChangeAudit(input: {
  email: string;
  targetId: string;
  user: boolean;
  from: LicenseType;
  to: LicenseType;
}) {
  return {
    action: input.user ? ('user.set_license' as const) : ('invitation.set_license' as const),
    targetType: input.user ? ('user' as const) : ('invitation' as const),
    targetId: input.targetId,
    subjects: [input.email],
    before: { licenseType: input.from },
    after: { licenseType: input.to },
  };
}
