import type { ServiceContext } from '../context.js';
import type { RequestKind } from '../domain.js';
import { kindRules } from '../request-actions.js';

/** What approving a request would leave: the card shows it so approvers see the cost of a yes. */
export interface RequestCost {
  seats: number;
  proSeats: number;
  /** License seats and Pro seats left once it is carried out (negative: it would wait for a seat). */
  seatsLeftAfter: number;
  proSeatsLeftAfter: number;
}

/** The organization's counters (one `_id` read) less what the kind takes. */
export async function requestCost(ctx: ServiceContext, kind: RequestKind): Promise<RequestCost> {
  const org = await ctx.store.organizations.findById(ctx.orgId).select({ seatsFree: 1, proSeatsFree: 1 }).lean().exec();
  const { cost } = kindRules(kind);
  return {
    ...cost,
    seatsLeftAfter: (org?.seatsFree ?? 0) - cost.seats,
    proSeatsLeftAfter: (org?.proSeatsFree ?? 0) - cost.proSeats,
  };
}
