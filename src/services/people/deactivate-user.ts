import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { LicenseType } from '../domain.js';
import type { UserDoc } from '../models/user.js';
import { freeSeat } from '../seats-repository.js';
import { copyManagedGroups, displayName, findMember, otherActiveAdminExists } from './member-repository.js';
import { lastAdminError, withAdminChangeLock } from './admin-change-lock.js';
import { parseEmail } from '../email.js';
import { funnelIncrements, moveFunnel } from '../insights/funnel-counter-repository.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';

/** What deactivating someone will do (the preview) or did (the result). */
export interface Deactivation {
  email: string;
  name: string;
  licenseType: LicenseType;
  /** Groups they stay a member of (memberships are kept). */
  groupNames: string[];
  /** Groups they stop managing; reactivation gives them back. */
  endedManagedGroupNames: string[];
  /** Their Slack user, when ub knows it (to tell them). */
  slackUserId?: string | undefined;
}

const ATTEMPTS = 3;

/**
 * Checks that the actor may deactivate this person and says what it would do, for the
 * confirmation message. Refuses with the same errors deactivateUser would.
 */
export async function previewDeactivation(ctx: ServiceContext, rawEmail: string): Promise<Deactivation> {
  const email = parseEmail(rawEmail);
  refuseWhoCannotDeactivate(ctx);
  const user = await findMember(
    ctx.store,
    ctx.orgId,
    email,
    `\`/ub cancel ${email}\` cancels the invitation and frees its license.`,
  );
  assertMayDeactivate(ctx, user);
  if (user.role === 'admin' && !(await otherActiveAdminExists(ctx.store, ctx.orgId, user._id)))
    throw lastAdminError(email, 'deactivate');
  return describe(ctx, user);
}

/**
 * Deactivates a member: their license (and Pro license) is freed, their group-admin
 * assignments end (kept aside so reactivation restores them), everything else is kept. The
 * active → deactivated step is one update guarded on status and version, so of two admins
 * deactivating the same person at once one succeeds and the other hears it is already done;
 * the seat is freed once. Admins deactivate anyone but themselves and the last active admin
 * (checked under the admin-change lock); group admins with the invite/deactivate permission
 * deactivate users of the groups they manage.
 */
export async function deactivateUser(ctx: ServiceContext, rawEmail: string): Promise<Deactivation> {
  const email = parseEmail(rawEmail);
  refuseWhoCannotDeactivate(ctx);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const user = await findMember(
      ctx.store,
      ctx.orgId,
      email,
      `\`/ub cancel ${email}\` cancels the invitation and frees its license.`,
    );
    assertMayDeactivate(ctx, user);
    const done =
      user.role === 'admin' ? await withAdminChangeLock(ctx, () => deactivateAdmin(ctx, user)) : await apply(ctx, user);
    if (done) return done;
  }
  throw new UbError(
    'conflict',
    `${email} kept changing while ub was deactivating them. Check \`/ub user ${email}\` and try again.`,
  );
}

/** Under the admin-change lock: the fresh state decides whether an admin would be left. */
async function deactivateAdmin(ctx: ServiceContext, read: UserDoc): Promise<Deactivation | undefined> {
  const user = (await ctx.store.users.findById(read._id).lean().exec()) ?? read;
  if (user.status === 'deactivated') throw alreadyDeactivated(user);
  if (user.role === 'admin' && !(await otherActiveAdminExists(ctx.store, ctx.orgId, user._id)))
    throw lastAdminError(user.email, 'deactivate');
  return apply(ctx, user);
}

/** The guarded update; undefined when someone else changed the person first (read again). */
async function apply(ctx: ServiceContext, user: UserDoc): Promise<Deactivation | undefined> {
  if (user.status === 'deactivated') throw alreadyDeactivated(user);
  const managed = copyManagedGroups(user.managedGroups);
  const updated = await writeMemberIndexed(
    ctx.store,
    ctx.orgId,
    { before: user, after: { ...user, status: 'deactivated' } },
    () =>
      ctx.store.users
        .findOneAndUpdate(
          { _id: user._id, status: 'active', version: user.version },
          {
            $set: {
              status: 'deactivated',
              deactivatedAt: ctx.now(),
              deactivatedBy: ctx.actor.email ?? ctx.actor.slackUserId ?? 'ub',
              managedGroups: [],
              managedGroupsAtDeactivation: managed,
            },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean()
        .exec(),
  );
  if (!updated) {
    const current = await ctx.store.users.findById(user._id).lean().exec();
    if (current?.status === 'deactivated') throw alreadyDeactivated(current);
    return undefined;
  }
  await freeSeat(ctx.store, ctx.orgId, { pro: user.licenseType === 'pro' });
  ctx.seatFreed?.();
  // The returned document is the person as this write left them: their steps as they were then.
  await moveFunnel(ctx.store, ctx.orgId, updated.groupIds, funnelIncrements({ ...updated, status: 'active' }, updated));
  await recordAudit(ctx, {
    action: 'user.deactivate',
    targetType: 'user',
    targetId: user._id,
    subjects: [user.email, ...new Set([...user.groupIds, ...managed.map((g) => g.groupId)])],
    before: { status: 'active', licenseType: user.licenseType, managedGroups: managed },
    after: { status: 'deactivated', managedGroups: [], managedGroupsAtDeactivation: managed },
  });
  return describe(ctx, user);
}

/** Refuses actors who may not deactivate anybody (before a form is opened for nothing). */
export function refuseWhoCannotDeactivate(ctx: ServiceContext): void {
  const usable = groupsActorMayUse(ctx.actor, 'user.deactivate');
  if (usable !== undefined && usable.length === 0) assertCan(ctx.actor, 'user.deactivate', {});
}

function assertMayDeactivate(ctx: ServiceContext, user: UserDoc): void {
  if (user.email === ctx.actor.email) {
    throw new UbError(
      'invalid_state',
      'You cannot deactivate yourself: you would lose access to ub at once. Ask another admin to do it.',
    );
  }
  assertCan(ctx.actor, 'user.deactivate', { groupIds: user.groupIds, email: user.email });
  if (ctx.actor.role !== 'admin' && user.role !== 'user') {
    throw new UbError(
      'not_authorized',
      `${user.email} is ${user.role === 'admin' ? 'an admin' : 'a group admin'}: only admins can deactivate admins and group admins.`,
    );
  }
  if (user.status === 'deactivated') throw alreadyDeactivated(user);
}

function alreadyDeactivated(user: UserDoc): UbError {
  const by = user.deactivatedBy ? ` by ${user.deactivatedBy}` : '';
  const when = user.deactivatedAt ? ` on ${user.deactivatedAt.toISOString().slice(0, 10)}` : '';
  return new UbError(
    'invalid_state',
    `${user.email} is already deactivated${by}${when}; nothing changed. \`/ub reactivate ${user.email}\` brings them back.`,
  );
}

async function describe(ctx: ServiceContext, user: UserDoc): Promise<Deactivation> {
  const managedIds = (user.managedGroups ?? []).map((g) => g.groupId);
  const names = await groupNamesById(ctx.store, [...user.groupIds, ...managedIds]);
  return {
    email: user.email,
    name: displayName(user),
    licenseType: user.licenseType,
    groupNames: user.groupIds.filter((g) => names.has(g)).map((g) => names.get(g)!),
    endedManagedGroupNames: managedIds.filter((g) => names.has(g)).map((g) => names.get(g)!),
    slackUserId: user.slackUserId ?? undefined,
  };
}
