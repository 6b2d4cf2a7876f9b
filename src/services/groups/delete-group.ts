import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { endGroupAdminAssignments } from './change-group-admins.js';
import { requireGroup, type Group } from './group-repository.js';
import { groupNameKey } from '../models/group.js';
import { writeGroupIndexed } from '../search/group-index-repository.js';
import { dropGroupMemberSet } from '../search/member-index-repository.js';

/** The group a deletion would remove, for the confirmation: checks the actor may delete it first. */
export async function previewGroupDeletion(ctx: ServiceContext, name: string): Promise<Group> {
  assertCan(ctx.actor, 'group.delete');
  return requireGroup(ctx.store, ctx.orgId, name);
}

/** Deletes a group: its memberships and group-admin assignments go, the people stay. */
export async function deleteGroup(ctx: ServiceContext, name: string): Promise<Group> {
  assertCan(ctx.actor, 'group.delete');
  const group = await requireGroup(ctx.store, ctx.orgId, name);
  await endGroupAdminAssignments(ctx, group);
  await ctx.store.users
    .updateMany({ orgId: ctx.orgId, groupIds: group.id }, { $pull: { groupIds: group.id }, $inc: { version: 1 } })
    .exec();
  await dropGroupMemberSet(ctx.store, ctx.orgId, group.id);
  await ctx.store.groupNames.deleteOne({ _id: groupNameKey(ctx.orgId, group.name) }).exec();
  await writeGroupIndexed(ctx.store, ctx.orgId, { before: group }, () =>
    ctx.store.groups.deleteOne({ _id: group.id }).exec(),
  );
  await recordAudit(ctx, {
    action: 'group.deleted',
    targetType: 'group',
    targetId: group.id,
    subjects: [group.id],
    before: { name: group.name, memberCount: group.memberCount },
  });
  return group;
}
