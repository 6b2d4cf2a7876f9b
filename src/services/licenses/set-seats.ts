import { count, formatNumber, plural } from '../../plural.js';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { UbError } from '../errors.js';
import type { OrganizationDoc } from '../models/organization.js';
import { licenseOverview, type LicenseOverview } from './license-overview.js';

export const MAX_SEATS = 1_000_000;

/**
 * Sets the number of licenses (and Pro licenses). Never below the seats in use: the update is
 * guarded on the counts it read and, when lowering, on enough free seats, so an invite that
 * takes a seat at the same moment cannot leave more people than licenses.
 */
export async function setSeats(
  ctx: ServiceContext,
  input: { seats: number; proSeats?: number },
): Promise<LicenseOverview> {
  assertCan(ctx.actor, 'license.manage');
  for (const [label, value] of [
    ['licenses', input.seats],
    ['Pro licenses', input.proSeats],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > MAX_SEATS)) {
      throw new UbError(
        'invalid_input',
        `The number of ${label} must be a whole number from 0 to ${MAX_SEATS.toLocaleString('en-US')}.`,
      );
    }
  }
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  if (!org)
    throw new UbError('not_found', 'This workspace has no ub organization yet. Reinstall ub or ask its operator.');
  const proSeats = input.proSeats ?? org.proSeats;
  if (proSeats > input.seats) {
    throw new UbError(
      'invalid_input',
      `Pro licenses are part of the licenses, so there can be at most ${fmt(input.seats)} (asked for ${fmt(proSeats)}).` +
        (input.proSeats === undefined ? ' Lower them too with `--pro <n>`.' : ''),
    );
  }
  assertNotBelowUse(org, input.seats, proSeats);

  const delta = input.seats - org.seats;
  const proDelta = proSeats - org.proSeats;
  const updated = await ctx.store.organizations
    .findOneAndUpdate(
      {
        _id: ctx.orgId,
        seats: org.seats,
        proSeats: org.proSeats,
        ...(delta < 0 ? { seatsFree: { $gte: -delta } } : {}),
        ...(proDelta < 0 ? { proSeatsFree: { $gte: -proDelta } } : {}),
      },
      {
        $set: { seats: input.seats, proSeats, seatsSetAt: org.seatsSetAt ?? ctx.now() },
        $inc: { seatsFree: delta, proSeatsFree: proDelta },
      },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (!updated) {
    const current = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
    if (current && (current.seats !== org.seats || current.proSeats !== org.proSeats)) {
      throw new UbError(
        'conflict',
        `Someone else set the licenses to ${fmt(current.seats)} (${fmt(current.proSeats)} Pro) just now. Check \`/ub license\` and run it again if needed.`,
      );
    }
    if (current) assertNotBelowUse(current, input.seats, proSeats);
    throw new UbError('conflict', 'The licenses changed while ub was updating them. Run the command again.');
  }
  if (delta > 0 || proDelta > 0) ctx.seatFreed?.();
  await recordAudit(ctx, {
    action: 'license.set_seats',
    targetType: 'organization',
    targetId: ctx.orgId,
    before: { seats: org.seats, proSeats: org.proSeats },
    after: { seats: input.seats, proSeats },
  });
  return licenseOverview(ctx);
}

function assertNotBelowUse(org: OrganizationDoc, seats: number, proSeats: number): void {
  const used = org.seats - org.seatsFree;
  const proUsed = org.proSeats - org.proSeatsFree;
  if (seats < used) {
    throw new UbError(
      'invalid_state',
      `${count(used, 'license')} ${plural(used, 'is', 'are')} in use (active people and pending invitations), so there must be at least ${fmt(used)}. ` +
        'Deactivate people or cancel pending invitations first.',
      { used },
    );
  }
  if (proSeats < proUsed) {
    throw new UbError(
      'invalid_state',
      `${count(proUsed, 'Pro license')} ${plural(proUsed, 'is', 'are')} in use, so there must be at least ${fmt(proUsed)}. Remove Pro from someone first with \`/ub license pro <email> --remove\`.`,
      { proUsed },
    );
  }
}

const fmt = formatNumber;
