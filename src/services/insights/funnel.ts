import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { UbError } from '../errors.js';
import { resolveGroupNames } from '../groups/group-repository.js';
import { groupFunnelCounts, organizationFunnelCounts, sumFunnels, type FunnelCounts } from './funnel-counts.js';
import { ORGANIZATION_SCOPE, weekBefore, weeksOf, weekStart, WEEK_MS } from './funnel-snapshots.js';

export type { FunnelCounts } from './funnel-counts.js';

export {
  listStuckPeople,
  MAX_STUCK_PAGE,
  pendingInviteesAmong,
  STUCK_STEPS,
  type StuckPage,
  type StuckPerson,
  type StuckStep,
} from './stuck-people.js';

export interface GroupFunnel {
  group: { id: string; name: string };
  funnel: FunnelCounts;
}

export interface FunnelReport {
  scope: 'organization' | 'groups';
  /** The organization's funnel, or the groups' added together. */
  funnel: FunnelCounts;
  /** The groups asked for (or, for a group admin asking for nothing in particular, the groups they manage). */
  groups: GroupFunnel[];
  /** Several groups added together: a person in two of them counts twice. */
  overlapping: boolean;
  /** The same funnel when this week began (Monday 00:00 UTC), for "since last week"; undefined before the first snapshot. */
  previous: { week: Date; funnel: FunnelCounts } | undefined;
  readAt: Date;
}

/**
 * The funnel of what the actor may see. Without groups: the organization for admins, the groups
 * they manage for group admins. With groups (by name or id): those groups, each of which a group
 * admin must manage. Learners see no funnel.
 */
export async function readFunnel(
  ctx: ServiceContext,
  input: { groupNames?: string[]; groupIds?: string[] } = {},
): Promise<FunnelReport> {
  const reach = groupsActorMayUse(ctx.actor, 'insights.view');
  if (reach !== undefined && reach.length === 0) assertCan(ctx.actor, 'insights.view', {});
  let ids = input.groupIds ?? [];
  if (input.groupNames && input.groupNames.length > 0) {
    const { groups, unknown } = await resolveGroupNames(ctx.store, ctx.orgId, input.groupNames);
    if (unknown.length > 0)
      throw new UbError(
        'not_found',
        `There is no group named "${unknown[0]!.slice(0, 100)}". \`/ub group list\` shows the groups.`,
      );
    ids = [...ids, ...groups.map((g) => g.id)];
  }
  ids = [...new Set(ids)];
  if (ids.length === 0 && reach === undefined) return organizationFunnel(ctx);
  if (ids.length === 0) ids = reach ?? [];
  // The groups and their snapshots read at once; nothing is returned before every group is checked.
  const [docs, previous] = await Promise.all([
    Promise.all(ids.map((id) => ctx.store.groups.findById(id).lean().exec())),
    weekBefore(ctx.store, ctx.orgId, ids, ctx.now()),
  ]);
  const perGroup: GroupFunnel[] = docs.map((doc) => {
    if (!doc || doc.orgId !== ctx.orgId) throw new UbError('not_found', 'That group no longer exists.');
    assertCan(ctx.actor, 'insights.view', { groupIds: [doc._id], groupName: doc.name });
    return { group: { id: doc._id, name: doc.name }, funnel: groupFunnelCounts(doc) };
  });
  return {
    scope: 'groups',
    funnel: sumFunnels(perGroup.map((g) => g.funnel)),
    groups: perGroup,
    overlapping: perGroup.length > 1,
    previous,
    readAt: ctx.now(),
  };
}

async function organizationFunnel(ctx: ServiceContext): Promise<FunnelReport> {
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  if (!org) throw new UbError('not_found', 'This workspace has no ub organization yet.');
  return {
    scope: 'organization',
    funnel: organizationFunnelCounts(org),
    groups: [],
    overlapping: false,
    previous: await weekBefore(ctx.store, ctx.orgId, [ORGANIZATION_SCOPE], ctx.now()),
    readAt: ctx.now(),
  };
}

export interface FunnelTrendPoint {
  week: Date;
  /** Undefined for a week without a snapshot (before ub kept them, or a group created since). */
  funnel: FunnelCounts | undefined;
}

/**
 * The funnel at the start of each of the last `weeks` weeks, oldest first (for digests and charts),
 * for what readFunnel would show the actor.
 */
export async function readFunnelTrend(
  ctx: ServiceContext,
  input: { groupNames?: string[]; groupIds?: string[]; weeks: number },
): Promise<FunnelTrendPoint[]> {
  return funnelTrendOf(ctx, await readFunnel(ctx, input), input.weeks);
}

/**
 * The trend of a report readFunnel gave this actor (it checked what they may see): this week's
 * snapshot of each scope, carrying the weeks before (decision 047), or one `_id` read per week and scope.
 */
export async function funnelTrendOf(
  ctx: ServiceContext,
  report: FunnelReport,
  weekCount: number,
): Promise<FunnelTrendPoint[]> {
  const scopes = report.scope === 'organization' ? [ORGANIZATION_SCOPE] : report.groups.map((g) => g.group.id);
  const thisWeek = weekStart(ctx.now());
  const weeks = Array.from(
    { length: Math.max(1, Math.min(weekCount, 52)) },
    (_, i) => new Date(thisWeek.getTime() - i * WEEK_MS),
  ).reverse();
  return weeksOf(ctx.store, ctx.orgId, scopes, weeks);
}
