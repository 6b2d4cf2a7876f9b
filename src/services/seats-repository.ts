import { count, formatNumber, plural } from '../plural.js';
import { UbError } from './errors.js';
import type { Store } from './store.js';

/**
 * License seats. A seat is taken and freed in one guarded `$inc` on the organization, so two
 * admins acting at once can never take the same last seat (docs/decisions/004-ids-and-counters.md).
 * Callers that fail after taking a seat must give it back with freeSeat.
 */
export async function takeSeat(store: Store, orgId: string, options: { pro: boolean }): Promise<void> {
  const filter: Record<string, unknown> = { _id: orgId, seatsFree: { $gt: 0 } };
  const inc: Record<string, number> = { seatsFree: -1 };
  if (options.pro) {
    filter.proSeatsFree = { $gt: 0 };
    inc.proSeatsFree = -1;
  }
  // No projection: FerretDB's findAndModify does not implement `fields`.
  const taken = await store.organizations.findOneAndUpdate(filter, { $inc: inc }).lean().exec();
  if (!taken) throw await noSeatError(store, orgId, options.pro);
}

export async function freeSeat(store: Store, orgId: string, options: { pro: boolean }): Promise<void> {
  await store.organizations
    .updateOne({ _id: orgId }, { $inc: { seatsFree: 1, ...(options.pro ? { proSeatsFree: 1 } : {}) } })
    .exec();
}

/** Moves an already licensed person between standard and Pro: only the Pro pool changes. */
export async function takeProSeat(store: Store, orgId: string): Promise<void> {
  const taken = await store.organizations
    .findOneAndUpdate({ _id: orgId, proSeatsFree: { $gt: 0 } }, { $inc: { proSeatsFree: -1 } })
    .lean()
    .exec();
  if (!taken) throw await noSeatError(store, orgId, true);
}

export async function freeProSeat(store: Store, orgId: string): Promise<void> {
  await store.organizations.updateOne({ _id: orgId }, { $inc: { proSeatsFree: 1 } }).exec();
}

export interface SeatUsage {
  /**
   * False until an admin sets the license count. The first admin holds a license from their
   * first contact, so before then "1 of 0 in use" would read as an overdraft; it is not one.
   */
  countSet: boolean;
  seats: number;
  used: number;
  free: number;
  proSeats: number;
  proUsed: number;
  proFree: number;
}

export async function seatUsage(store: Store, orgId: string): Promise<SeatUsage> {
  const org = await store.organizations.findById(orgId).lean().exec();
  const seats = org?.seats ?? 0;
  const free = org?.seatsFree ?? 0;
  const proSeats = org?.proSeats ?? 0;
  const proFree = org?.proSeatsFree ?? 0;
  const countSet = seats > 0 || org?.seatsSetAt !== undefined;
  return { countSet, seats, used: seats - free, free, proSeats, proUsed: proSeats - proFree, proFree };
}

async function noSeatError(store: Store, orgId: string, pro: boolean): Promise<UbError> {
  const usage = await seatUsage(store, orgId);
  if (!usage.countSet) {
    return new UbError(
      'no_seats',
      'The license count is not set yet, so nobody can be invited. Set it first with `/ub license seats <n>`: ' +
        'the number of licenses your Udemy Business subscription includes.',
      { total: 0, used: usage.used, pro, countSet: false },
    );
  }
  if (pro && usage.free > 0) {
    const { proSeats: total, proUsed: used } = usage;
    return new UbError(
      'no_seats',
      `No Pro license is left: the account has ${count(total, 'Pro license')} and ${formatNumber(used)} ${plural(used, 'is', 'are')} in use. ` +
        `Take Pro back from someone with \`/ub license pro <email> --remove\`, or raise the Pro count with \`/ub license seats ${formatNumber(usage.seats)} --pro <n>\`.`,
      { total, used, pro },
    );
  }
  const { seats: total, used } = usage;
  return new UbError(
    'no_seats',
    `No license is left: the account has ${count(total, 'license')} and ${formatNumber(used)} ${plural(used, 'is', 'are')} in use (active people and pending invitations). ` +
      'Deactivate someone, cancel a pending invitation, or raise the count with `/ub license seats <n>`.',
    { total, used, pro },
  );
}
