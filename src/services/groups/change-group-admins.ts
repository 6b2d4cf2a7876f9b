import { type GroupAdminPermission, personKey } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { UbError } from '../errors.js';
import { requireGroup, type Group } from './group-repository.js';
import type { UserDoc } from '../models/user.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';

export interface GroupAdminChange {
  group: Group;
  email: string;
  role: UserDoc['role'];
  permissions: GroupAdminPermission[];
}

/**
 * Makes an active user a group admin of a group (admins only), or updates their permissions there.
 * A plain user becomes `group_admin`; an admin stays admin. Written with a version guard, so a
 * concurrent change of the same person is re-read and applied on top, never lost.
 */
export async function assignGroupAdmin(
  ctx: ServiceContext,
  input: { groupName: string; email: string; permissions: GroupAdminPermission[] },
): Promise<GroupAdminChange> {
  assertCan(ctx.actor, 'group.assign_admin');
  const group = await requireGroup(ctx.store, ctx.orgId, input.groupName);
  return updateManagedGroups(
    ctx,
    group,
    input.email,
    (user) => {
      if (user.status !== 'active')
        throw new UbError(
          'invalid_state',
          `${user.email} is deactivated: reactivate them before making them a group admin.`,
        );
      const managedGroups = [
        ...user.managedGroups.filter((g) => g.groupId !== group.id),
        { groupId: group.id, permissions: [...new Set(input.permissions)] },
      ];
      return { managedGroups, role: user.role === 'admin' ? 'admin' : 'group_admin' };
    },
    'group.admin_assigned',
  );
}

/** Ends someone's group-admin assignment for a group; a group admin who manages nothing more becomes a user. */
export async function removeGroupAdmin(
  ctx: ServiceContext,
  input: { groupName: string; email: string },
): Promise<GroupAdminChange> {
  assertCan(ctx.actor, 'group.assign_admin');
  const group = await requireGroup(ctx.store, ctx.orgId, input.groupName);
  return updateManagedGroups(
    ctx,
    group,
    input.email,
    (user) => {
      if (!user.managedGroups.some((g) => g.groupId === group.id)) {
        throw new UbError('invalid_state', `${user.email} is not a group admin of "${group.name}".`);
      }
      const managedGroups = user.managedGroups.filter((g) => g.groupId !== group.id);
      const role = user.role === 'group_admin' && managedGroups.length === 0 ? 'user' : user.role;
      return { managedGroups, role };
    },
    'group.admin_removed',
  );
}

async function updateManagedGroups(
  ctx: ServiceContext,
  group: Group,
  email: string,
  change: (user: UserDoc) => { managedGroups: UserDoc['managedGroups']; role: UserDoc['role'] },
  action: 'group.admin_assigned' | 'group.admin_removed',
): Promise<GroupAdminChange> {
  const id = personKey(ctx.orgId, email);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const user = await ctx.store.users.findById(id).lean().exec();
    if (!user) throw new UbError('not_found', `There is no user with the email ${email}.`);
    const next = change(user);
    // Making or unmaking a group admin changes the role too: the role sets of the search follow.
    const updated = await writeMemberIndexed(
      ctx.store,
      ctx.orgId,
      { before: user, after: { ...user, role: next.role } },
      async () =>
        (
          await ctx.store.users
            .updateOne(
              { _id: id, version: user.version },
              { $set: { managedGroups: next.managedGroups, role: next.role }, $inc: { version: 1 } },
            )
            .exec()
        ).modifiedCount === 1 || undefined,
    );
    if (updated) {
      const permissions = next.managedGroups.find((g) => g.groupId === group.id)?.permissions ?? [];
      await recordAudit(ctx, {
        action,
        targetType: 'user',
        targetId: id,
        subjects: [email, group.id],
        before: { role: user.role, managedGroups: user.managedGroups },
        after: { role: next.role, managedGroups: next.managedGroups },
      });
      return { group, email, role: next.role, permissions };
    }
  }
  throw new UbError('conflict', `${email} was changed by someone else at the same time. Try again.`);
}

/**
 * Ends every group-admin assignment of a group (the group is being deleted). `$pull` by a
 * condition on array elements is not in FerretDB's subset, so each manager (a handful per group)
 * is rewritten with the same version-guarded update as any other change of their assignments.
 */
export async function endGroupAdminAssignments(ctx: ServiceContext, group: Group): Promise<void> {
  const managers = await ctx.store.users
    .find({ orgId: ctx.orgId, 'managedGroups.groupId': group.id }, { email: 1 })
    .lean()
    .exec();
  for (const manager of managers) {
    await updateManagedGroups(
      ctx,
      group,
      manager.email,
      (user) => {
        const managedGroups = user.managedGroups.filter((g) => g.groupId !== group.id);
        return { managedGroups, role: user.role === 'group_admin' && managedGroups.length === 0 ? 'user' : user.role };
      },
      'group.admin_removed',
    );
  }
}
