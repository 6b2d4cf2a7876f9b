import { memberFunnelStep, type FunnelFields } from '../domain.js';
import type { Store } from '../store.js';

/**
 * The adoption funnel's counters (decision 021): `funnel.joined`, `funnel.enrolled` and
 * `funnel.started` on the organization and on each group, cumulative (a person who watched a first
 * lecture counts in all three), moved with `$inc` right after the single-document write that moved
 * the person, by what that write returned (its before or after state), so two writes racing on one
 * person each move the counters by what they really changed. The invited step is the pending
 * counters (`pendingInvitations`, `inviteeCount`, decision 014) plus the joined step.
 */

/** The `$inc` of the funnel counters that a member going from `before` to `after` makes (zeros left out). */
export function funnelIncrements(
  before: FunnelFields | undefined,
  after: FunnelFields | undefined,
  times = 1,
): Record<string, number> {
  const reached = (member: FunnelFields | undefined) => {
    const step = member ? memberFunnelStep(member) : undefined;
    return {
      joined: step ? 1 : 0,
      enrolled: step === 'enrolled' || step === 'started' ? 1 : 0,
      started: step === 'started' ? 1 : 0,
    };
  };
  const from = reached(before);
  const to = reached(after);
  const inc: Record<string, number> = {};
  for (const key of ['joined', 'enrolled', 'started'] as const) {
    const delta = (to[key] - from[key]) * times;
    if (delta !== 0) inc[`funnel.${key}`] = delta;
  }
  return inc;
}

/** Adds increments together (a batch's people, counted in one `$inc`). */
export function addIncrements(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [key, value] of Object.entries(more)) into[key] = (into[key] ?? 0) + value;
  for (const key of Object.keys(into)) if (into[key] === 0) delete into[key];
  return into;
}

/**
 * Moves the funnel counters of the organization and of each group by one person's change: one
 * `$inc` by `_id` each. Nothing when the change moved nobody across a step.
 */
export async function moveFunnel(
  store: Store,
  orgId: string,
  groupIds: readonly string[],
  inc: Record<string, number>,
): Promise<void> {
  if (Object.keys(inc).length === 0) return;
  await Promise.all([
    store.organizations.updateOne({ _id: orgId }, { $inc: inc }).exec(),
    ...[...new Set(groupIds)].map((groupId) => store.groups.updateOne({ _id: groupId }, { $inc: inc }).exec()),
  ]);
}
