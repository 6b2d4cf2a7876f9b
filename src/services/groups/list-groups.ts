import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { toGroup, type Group } from './group-repository.js';

export interface GroupPage {
  groups: Group[];
  /** The key to pass as `after` for the next page, when there is one. */
  next: string | undefined;
}

/**
 * Groups in alphabetical order (the lower-cased name keys), keyset-paged. Group admins see the
 * groups they manage; plain users none.
 */
export async function listGroups(ctx: ServiceContext, input: { after?: string; limit: number }): Promise<GroupPage> {
  const managed = groupsActorMayUse(ctx.actor, 'group.view');
  if (managed !== undefined && managed.length === 0) assertCan(ctx.actor, 'group.view');
  const filter: Record<string, unknown> = { orgId: ctx.orgId };
  if (input.after !== undefined) filter._id = { $gt: input.after };
  if (managed !== undefined) filter.groupId = { $in: managed };
  const keys = await ctx.store.groupNames
    .find(filter)
    .sort({ _id: 1 })
    .limit(input.limit + 1)
    .lean()
    .exec();
  const page = keys.slice(0, input.limit);
  const docs = await ctx.store.groups
    .find({ _id: { $in: page.map((k) => k.groupId) } })
    .lean()
    .exec();
  const byId = new Map(docs.map((d) => [d._id, d]));
  return {
    groups: page.flatMap((k) => (byId.has(k.groupId) ? [toGroup(byId.get(k.groupId)!)] : [])),
    next: keys.length > input.limit ? page.at(-1)?._id : undefined,
  };
}

/** How many groups the organization has (for the list's heading). */
export async function countGroups(ctx: ServiceContext): Promise<number> {
  return ctx.store.groups.countDocuments({ orgId: ctx.orgId }).exec();
}
