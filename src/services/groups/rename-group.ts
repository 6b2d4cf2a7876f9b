import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { groupNameKey } from '../models/group.js';
import { writeGroupIndexed } from '../search/group-index-repository.js';
import { claimGroupName, cleanGroupName, type Group, requireGroup } from './group-repository.js';

/** Renames a group; memberships do not move, since they point at the group's stable id. */
export async function renameGroup(ctx: ServiceContext, name: string, newName: string): Promise<Group> {
  assertCan(ctx.actor, 'group.rename');
  const group = await requireGroup(ctx.store, ctx.orgId, name);
  const clean = cleanGroupName(newName);
  const sameKey = groupNameKey(ctx.orgId, clean) === groupNameKey(ctx.orgId, group.name);
  if (!sameKey) await claimGroupName(ctx.store, ctx.orgId, clean, group.id);
  await writeGroupIndexed(ctx.store, ctx.orgId, { before: group, after: { id: group.id, name: clean } }, () =>
    ctx.store.groups.updateOne({ _id: group.id }, { $set: { name: clean } }).exec(),
  );
  if (!sameKey)
    await ctx.store.groupNames.deleteOne({ _id: groupNameKey(ctx.orgId, group.name), groupId: group.id }).exec();
  await recordAudit(ctx, {
    action: 'group.renamed',
    targetType: 'group',
    targetId: group.id,
    subjects: [group.id],
    before: { name: group.name },
    after: { name: clean },
  });
  return { ...group, name: clean };
}
