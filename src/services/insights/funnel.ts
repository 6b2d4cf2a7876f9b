import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { UbError } from '../errors.js';
import { resolveGroupNames } from '../groups/group-repository.js';
import type { FunnelCounters } from '../models/organization.js';

export { listStuckPeople, STUCK_STEPS, type StuckPage, type StuckPerson, type StuckStep } from './stuck-people.js';

/**
 * The User Adoption Funnel (rules file): licenses → invitations sent → joined → enrolled → watched
 * a first lecture, for the organization or for groups, read from counters (one `_id` read for the
 * organization, one per group: the same cost at a thousand people as at a million; decision 021).
 */
export interface FunnelCounts {
  /** Organization: licenses purchased. Group: people of the group holding one (members and invitees). */
  licenses: number;
  /** Invitations sent, pending and accepted (cancelled ones excluded), and anyone who joined otherwise. */
  invited: number;
  joined: number;
  enrolled: number;
  /** Watched a first lecture: adopted. */
  started: number;
  /** started ÷ licenses, between 0 and 1; undefined when there are no licenses. */
  adoptionRate: number | undefined;
}

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
  const docs = await Promise.all(ids.map((id) => ctx.store.groups.findById(id).lean().exec()));
  const perGroup: GroupFunnel[] = docs.map((doc) => {
    if (!doc || doc.orgId !== ctx.orgId) throw new UbError('not_found', 'That group no longer exists.');
    assertCan(ctx.actor, 'insights.view', { groupIds: [doc._id], groupName: doc.name });
    const counters = countersOf(doc.funnel);
    const pending = doc.inviteeCount ?? 0;
    return { group: { id: doc._id, name: doc.name }, funnel: countsOf(counters.joined + pending, pending, counters) };
  });
  return {
    scope: 'groups',
    funnel: sumFunnels(perGroup.map((g) => g.funnel)),
    groups: perGroup,
    overlapping: perGroup.length > 1,
    readAt: ctx.now(),
  };
}

async function organizationFunnel(ctx: ServiceContext): Promise<FunnelReport> {
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  if (!org) throw new UbError('not_found', 'This workspace has no ub organization yet.');
  return {
    scope: 'organization',
    funnel: countsOf(org.seats, org.pendingInvitations ?? 0, countersOf(org.funnel)),
    groups: [],
    overlapping: false,
    readAt: ctx.now(),
  };
}

export function countersOf(stored: Partial<FunnelCounters> | undefined): FunnelCounters {
  return { joined: stored?.joined ?? 0, enrolled: stored?.enrolled ?? 0, started: stored?.started ?? 0 };
}

function countsOf(licenses: number, pending: number, counters: FunnelCounters): FunnelCounts {
  return withRate({
    licenses,
    invited: pending + counters.joined,
    joined: counters.joined,
    enrolled: counters.enrolled,
    started: counters.started,
  });
}

function withRate(counts: Omit<FunnelCounts, 'adoptionRate'>): FunnelCounts {
  return { ...counts, adoptionRate: counts.licenses > 0 ? counts.started / counts.licenses : undefined };
}

function sumFunnels(funnels: FunnelCounts[]): FunnelCounts {
  const total = { licenses: 0, invited: 0, joined: 0, enrolled: 0, started: 0 };
  for (const f of funnels) for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += f[key];
  return withRate(total);
}
