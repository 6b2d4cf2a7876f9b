import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { LicenseType } from '../domain.js';
import type { UserDoc } from '../models/user.js';
import { freeSeat, takeSeat } from '../seats-repository.js';
import { copyManagedGroups, displayName, findMember } from './member-repository.js';
import { parseEmail } from '../email.js';
import { funnelIncrements, moveFunnel } from '../insights/funnel-counter-repository.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';

const ATTEMPTS = 3;

export interface Reactivation {
  email: string;
  name: string;
  role: UserDoc['role'];
  licenseType: LicenseType;
  /** True when they had Pro but no Pro license was free, so they came back with a standard one. */
  proNotAvailable: boolean;
  groupNames: string[];
  /** Group-admin assignments given back. */
  restoredManagedGroupNames: string[];
  /** Assignments not given back because the group was deleted meanwhile. */
  droppedManagedGroupCount: number;
  /** Their Slack user, when ub knows it (to tell them). */
  slackUserId?: string | undefined;
}

/**
 * Reactivates a deactivated member (admins only). A license is taken first (a Pro one when they
 * had Pro and one is free; otherwise a standard one); if the guarded deactivated → active update
 * then loses to another admin, the license is given back and the current state reported. They
 * keep their role and groups, and get back the group-admin assignments of groups that still exist.
 */
export async function reactivateUser(ctx: ServiceContext, rawEmail: string): Promise<Reactivation> {
  const email = parseEmail(rawEmail);
  assertMayReactivate(ctx);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const user = await findMember(ctx.store, ctx.orgId, email, '`/ub invitations` lists pending invitations.');
    if (user.status === 'active') throw alreadyActive(email);
    const done = await apply(ctx, user);
    if (done) return done;
  }
  throw new UbError(
    'conflict',
    `${email} kept changing while ub was reactivating them. Check \`/ub user ${email}\` and try again.`,
  );
}

/** Takes a license, then the guarded update; undefined (license given back) when someone else changed them first. */
async function apply(ctx: ServiceContext, user: UserDoc): Promise<Reactivation | undefined> {
  const parked = copyManagedGroups(user.managedGroupsAtDeactivation);
  const names = await groupNamesById(ctx.store, [...user.groupIds, ...parked.map((g) => g.groupId)]);
  const restored = parked.filter((g) => names.has(g.groupId));

  const licenseType = await takeLicense(ctx, user.licenseType);
  const updated = await writeMemberIndexed(
    ctx.store,
    ctx.orgId,
    { before: user, after: { ...user, status: 'active', licenseType } },
    () =>
      ctx.store.users
        .findOneAndUpdate(
          { _id: user._id, status: 'deactivated', version: user.version },
          {
            $set: { status: 'active', licenseType, managedGroups: restored, managedGroupsAtDeactivation: [] },
            $unset: { deactivatedAt: 1, deactivatedBy: 1 },
            $inc: { version: 1 },
          },
        )
        .lean()
        .exec(),
  );
  if (!updated) {
    await freeSeat(ctx.store, ctx.orgId, { pro: licenseType === 'pro' });
    const current = await ctx.store.users.findById(user._id).select({ status: 1 }).lean().exec();
    if (current?.status === 'active') throw alreadyActive(user.email);
    return undefined;
  }
  // The returned document is the person just before this write: back at the steps they had reached.
  await moveFunnel(ctx.store, ctx.orgId, updated.groupIds, funnelIncrements(updated, { ...updated, status: 'active' }));
  await recordAudit(ctx, {
    action: 'user.reactivate',
    targetType: 'user',
    targetId: user._id,
    subjects: [user.email, ...new Set([...user.groupIds, ...restored.map((g) => g.groupId)])],
    before: { status: 'deactivated', licenseType: user.licenseType, managedGroups: [] },
    after: { status: 'active', licenseType, managedGroups: restored },
  });
  return {
    email: user.email,
    name: displayName(user),
    role: user.role,
    licenseType,
    proNotAvailable: user.licenseType === 'pro' && licenseType !== 'pro',
    groupNames: user.groupIds.filter((g) => names.has(g)).map((g) => names.get(g)!),
    restoredManagedGroupNames: restored.map((g) => names.get(g.groupId)!),
    droppedManagedGroupCount: parked.length - restored.length,
    slackUserId: user.slackUserId ?? undefined,
  };
}

/** Refuses everyone but admins (before a form is opened for nothing). */
export function assertMayReactivate(ctx: ServiceContext): void {
  assertCan(ctx.actor, 'user.reactivate');
}

/** A license of the type they had, or a standard one when only the Pro pool is empty. */
async function takeLicense(ctx: ServiceContext, had: LicenseType): Promise<LicenseType> {
  try {
    await takeSeat(ctx.store, ctx.orgId, { pro: had === 'pro' });
    return had;
  } catch (error) {
    // seats.ts says `pro: true` when standard licenses are left but Pro ones are not.
    if (!(had === 'pro' && error instanceof UbError && error.code === 'no_seats' && error.details?.pro === true))
      throw error;
  }
  await takeSeat(ctx.store, ctx.orgId, { pro: false });
  return 'standard';
}

function alreadyActive(email: string): UbError {
  return new UbError('invalid_state', `${email} is already active; nothing changed.`);
}
