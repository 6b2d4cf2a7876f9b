import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { UbError } from '../errors.js';
import { requireGroup } from '../groups/group-repository.js';

/** Whose learning an insight counts: the organization, or people of some groups. */
export interface InsightScope {
  /** Undefined: the whole organization (admins). */
  groupIds: string[] | undefined;
  /** The group asked for, by name, for the title. */
  groupName: string | undefined;
}

export const MAX_DAYS = 365;

/**
 * The scope an actor may see: admins the organization or a group; group admins a group they
 * manage, or all the groups they manage together; learners nothing.
 */
export async function insightScope(ctx: ServiceContext, groupName: string | undefined): Promise<InsightScope> {
  const reach = groupsActorMayUse(ctx.actor, 'insights.view');
  if (reach !== undefined && reach.length === 0) assertCan(ctx.actor, 'insights.view', {});
  if (groupName === undefined) return { groupIds: reach, groupName: undefined };
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertCan(ctx.actor, 'insights.view', { groupIds: [group.id], groupName: group.name });
  return { groupIds: [group.id], groupName: group.name };
}

/** The start of a period of `days` days ending now. */
export function periodStart(ctx: ServiceContext, days: number): Date {
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
    throw new UbError('invalid_input', `A period is 1 to ${MAX_DAYS} days.`);
  return new Date(ctx.now().getTime() - days * 24 * 60 * 60 * 1000);
}

/** The filter part that keeps documents of the scope (people's `groupIds`). */
export function scopeFilter(scope: InsightScope): Record<string, unknown> {
  return scope.groupIds === undefined ? {} : { groupIds: { $in: scope.groupIds } };
}
