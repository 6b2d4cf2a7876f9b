import { personKey, ROLES, type Role } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { InvitationDoc } from '../models/invitation.js';
import type { UserDoc } from '../models/user.js';
import { copyManagedGroups, otherActiveAdminExists } from './member-repository.js';
import { lastAdminError, withAdminChangeLock } from './admin-change-lock.js';
import { parseEmail } from '../email.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';

export interface RoleChange {
  email: string;
  from: Role;
  to: Role;
  /** False when they already had the role. */
  changed: boolean;
  /** True when the change went to a pending invitation rather than a member. */
  pending: boolean;
  /** Groups they stopped managing (group admin → user). */
  endedManagedGroupNames: string[];
  /** A group admin who manages no group yet: `/ub group admin` assigns one. */
  managesNoGroup: boolean;
}

/** What a role change would do, so an admin losing their role is confirmed first. */
export interface RoleChangePreview {
  email: string;
  from: Role;
  to: Role;
  pending: boolean;
  managedGroupNames: string[];
}

const ATTEMPTS = 3;

type Target = { kind: 'user'; doc: UserDoc } | { kind: 'invitation'; doc: InvitationDoc };

/** Checks a role change (admins only, the last admin keeps theirs) and says what it would change. */
export async function previewRoleChange(
  ctx: ServiceContext,
  input: { email: string; role: Role },
): Promise<RoleChangePreview> {
  const { email, role } = validate(ctx, input);
  const target = await findTarget(ctx, email);
  if (
    target.kind === 'user' &&
    target.doc.role === 'admin' &&
    role !== 'admin' &&
    !(await otherActiveAdminExists(ctx.store, ctx.orgId, target.doc._id))
  ) {
    throw lastAdminError(email, 'demote');
  }
  const managed = target.kind === 'user' ? (target.doc.managedGroups ?? []).map((g) => g.groupId) : [];
  const names = await groupNamesById(ctx.store, managed);
  return {
    email,
    from: target.doc.role,
    to: role,
    pending: target.kind === 'invitation',
    managedGroupNames: managed.filter((g) => names.has(g)).map((g) => names.get(g)!),
  };
}

/**
 * Changes a member's role, or the role of a pending invitation (as Udemy Business allows).
 * Admins only. Demoting the last active admin is refused (serialized with the other changes
 * that can remove an admin); a group admin who becomes a user stops managing their groups.
 * One update guarded on the version: a concurrent change is read again, never overwritten.
 */
export async function changeRole(ctx: ServiceContext, input: { email: string; role: Role }): Promise<RoleChange> {
  const { email, role } = validate(ctx, input);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const target = await findTarget(ctx, email);
    let done: RoleChange | undefined;
    if (target.kind === 'invitation') done = await changeInvitationRole(ctx, target.doc, role);
    else if (target.doc.role === 'admin' && role !== 'admin')
      done = await withAdminChangeLock(ctx, () => demoteAdmin(ctx, target.doc._id, role));
    else done = await changeUserRole(ctx, target.doc, role);
    if (done) return done;
  }
  throw new UbError(
    'conflict',
    `${email} kept changing while ub was updating them. Check \`/ub user ${email}\` and try again.`,
  );
}

/** Refuses everyone but admins (before a form is opened for nothing). */
export function assertMayChangeRoles(ctx: ServiceContext): void {
  assertCan(ctx.actor, 'user.change_role');
}

function validate(ctx: ServiceContext, input: { email: string; role: Role }): { email: string; role: Role } {
  assertMayChangeRoles(ctx);
  if (!ROLES.includes(input.role)) throw new UbError('invalid_input', `A role is one of: ${ROLES.join(', ')}.`);
  return { email: parseEmail(input.email), role: input.role };
}

async function findTarget(ctx: ServiceContext, email: string): Promise<Target> {
  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).lean().exec();
  if (user) {
    if (user.status === 'deactivated') {
      throw new UbError(
        'invalid_state',
        `${email} is deactivated. Reactivate them first with \`/ub reactivate ${email}\`; they come back with the role they had.`,
      );
    }
    return { kind: 'user', doc: user };
  }
  const invitation = await ctx.store.invitations.findById(personKey(ctx.orgId, email)).lean().exec();
  if (invitation?.status === 'pending') return { kind: 'invitation', doc: invitation };
  throw new UbError(
    'not_found',
    `Nobody with the email ${email} is a member or invited here. Invite them with \`/ub invite ${email}\`.`,
  );
}

/** Under the admin-change lock: the fresh state decides whether an admin would be left. */
async function demoteAdmin(ctx: ServiceContext, id: string, role: Role): Promise<RoleChange | undefined> {
  const user = await ctx.store.users.findById(id).lean().exec();
  if (!user || user.status !== 'active') return undefined;
  if (user.role === 'admin' && !(await otherActiveAdminExists(ctx.store, ctx.orgId, user._id)))
    throw lastAdminError(user.email, 'demote');
  return changeUserRole(ctx, user, role);
}

async function changeUserRole(ctx: ServiceContext, user: UserDoc, role: Role): Promise<RoleChange | undefined> {
  const managed = copyManagedGroups(user.managedGroups);
  if (user.role === role) return result(ctx, user.email, user.role, role, false, false, [], managed.length === 0);
  // Admins need no assignments and keep theirs for a later step down; only users manage nothing.
  const keep = role === 'user' ? [] : managed;
  const updated = await writeMemberIndexed(ctx.store, ctx.orgId, { before: user, after: { ...user, role } }, () =>
    ctx.store.users
      .findOneAndUpdate(
        { _id: user._id, status: 'active', version: user.version },
        { $set: { role, managedGroups: keep }, $inc: { version: 1 } },
      )
      .lean()
      .exec(),
  );
  if (!updated) return undefined;
  const ended = role === 'user' ? managed.map((g) => g.groupId) : [];
  await recordAudit(ctx, {
    action: 'user.change_role',
    targetType: 'user',
    targetId: user._id,
    subjects: [user.email, ...new Set(managed.map((g) => g.groupId))],
    before: { role: user.role, managedGroups: managed },
    after: { role, managedGroups: keep },
  });
  return result(ctx, user.email, user.role, role, true, false, ended, keep.length === 0);
}

async function changeInvitationRole(
  ctx: ServiceContext,
  invitation: InvitationDoc,
  role: Role,
): Promise<RoleChange | undefined> {
  if (invitation.role === role) return result(ctx, invitation.email, role, role, false, true, [], true);
  const updated = await ctx.store.invitations
    .findOneAndUpdate(
      { _id: invitation._id, status: 'pending', version: invitation.version },
      { $set: { role }, $inc: { version: 1 } },
    )
    .lean()
    .exec();
  if (!updated) return undefined;
  await recordAudit(ctx, {
    action: 'invitation.change_role',
    targetType: 'invitation',
    targetId: invitation._id,
    subjects: [invitation.email, ...invitation.groupIds],
    before: { role: invitation.role },
    after: { role },
  });
  return result(ctx, invitation.email, invitation.role, role, true, true, [], true);
}

async function result(
  ctx: ServiceContext,
  email: string,
  from: Role,
  to: Role,
  changed: boolean,
  pending: boolean,
  endedIds: string[],
  managesNothing: boolean,
): Promise<RoleChange> {
  const names = await groupNamesById(ctx.store, endedIds);
  return {
    email,
    from,
    to,
    changed,
    pending,
    endedManagedGroupNames: endedIds.filter((g) => names.has(g)).map((g) => names.get(g)!),
    managesNoGroup: to === 'group_admin' && managesNothing,
  };
}
