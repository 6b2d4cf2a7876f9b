import type { GroupDoc } from '../models/group.js';
import type { FunnelCounters, OrganizationDoc } from '../models/organization.js';

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

/** The organization's funnel from its counters (no authorization: for jobs and the services above). */
export function organizationFunnelCounts(
  org: Pick<OrganizationDoc, 'seats' | 'pendingInvitations' | 'funnel'>,
): FunnelCounts {
  return countsOf(org.seats, org.pendingInvitations ?? 0, countersOf(org.funnel));
}

/** A group's funnel from its counters; its licenses are the people of the group holding one. */
export function groupFunnelCounts(group: Pick<GroupDoc, 'inviteeCount' | 'funnel'>): FunnelCounts {
  const counters = countersOf(group.funnel);
  const pending = group.inviteeCount ?? 0;
  return countsOf(counters.joined + pending, pending, counters);
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

/** Funnels added together (the rate recomputed from the sums). */
export function sumFunnels(funnels: Array<Omit<FunnelCounts, 'adoptionRate'>>): FunnelCounts {
  const total = { licenses: 0, invited: 0, joined: 0, enrolled: 0, started: 0 };
  for (const f of funnels) for (const key of Object.keys(total) as Array<keyof typeof total>) total[key] += f[key];
  return withRate(total);
}
