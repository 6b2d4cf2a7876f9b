import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { seatUsage, type SeatUsage } from '../seats-repository.js';
import { pendingInvitationCount } from '../organization-repository.js';

export interface LicenseOverview extends SeatUsage {
  /** Of the seats in use, how many are held by pending invitations. */
  pendingInvitations: number;
}

/** Licenses used and left, standard and Pro (admins only, as on the subscription page). */
export async function licenseOverview(ctx: ServiceContext): Promise<LicenseOverview> {
  assertCan(ctx.actor, 'license.manage');
  const usage = await seatUsage(ctx.store, ctx.orgId);
  return { ...usage, pendingInvitations: await pendingInvitationCount(ctx.store, ctx.orgId) };
}
