import type { RecountOptions } from '../recount-options.js';
import type { Store } from '../store.js';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { UbError } from '../errors.js';
import type { OrganizationDoc } from '../models/organization.js';

/** A seat token older than this belongs to a batch that will never come back (its run was deleted). */
const STALE_SEAT_MOVE_MS = 24 * 60 * 60 * 1000;
/** Snapshots taken before giving up for now (the counts kept moving: people are being invited). */
const ATTEMPTS = 3;

export interface SeatVerification {
  checkedAt: Date;
  /** Seats held by active members and pending invitations, counted from the documents. */
  inUse: number;
  proInUse: number;
  /** What the counters said minus what they should say: negative means fewer free than there are. */
  seatsDrift: number;
  proSeatsDrift: number;
  repaired: boolean;
  /** Why nothing was checked this time (bulk work holding seats, counts that kept moving). */
  postponed: string | undefined;
  seats: number;
  seatsFree: number;
  proSeats: number;
  proSeatsFree: number;
}

interface Snapshot {
  org: OrganizationDoc;
  inUse: number;
  proInUse: number;
}

/**
 * Recounts the seats in use (active members and pending invitations, standard and Pro) from the
 * documents, with indexed counts, and repairs `seatsFree` / `proSeatsFree` when they drifted (a
 * crash between two writes: a seat taken without its invitation, or given back twice), writing an
 * audit entry that says by how much and why.
 *
 * Safe while seats move (docs/decisions/017-seat-recount.md): two snapshots `settleMs` apart must
 * agree (counters and counts), so an operation between its two writes when the first snapshot was
 * taken has finished by the second, and its transient state is not taken for drift; a batch of a
 * bulk invite that holds seats (a take token without its return) postpones the check; and the
 * repair is a `$inc` of the drift guarded on the counters of the snapshot, so a seat that moves
 * after the snapshot voids the repair instead of being overwritten, and the check starts again.
 */
export async function verifySeatCounts(ctx: ServiceContext, options: RecountOptions): Promise<SeatVerification> {
  assertCan(ctx.actor, 'license.manage');
  const counts = options.counts ?? ctx.store;
  await forgetStaleSeatMoves(ctx);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const first = await snapshot(ctx, counts);
    const busy = seatsHeldByBatches(first.org, ctx.now());
    if (busy) return record(ctx, first, { postponed: busy });
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    const second = await snapshot(ctx, counts);
    if (!sameSnapshot(first, second)) continue;
    const expectedFree = second.org.seats - second.inUse;
    const expectedProFree = second.org.proSeats - second.proInUse;
    const seatsDrift = second.org.seatsFree - expectedFree;
    const proSeatsDrift = second.org.proSeatsFree - expectedProFree;
    if (seatsDrift === 0 && proSeatsDrift === 0) return record(ctx, second, {});
    const repaired = await ctx.store.organizations
      .updateOne(
        {
          _id: ctx.orgId,
          seats: second.org.seats,
          seatsFree: second.org.seatsFree,
          proSeats: second.org.proSeats,
          proSeatsFree: second.org.proSeatsFree,
        },
        {
          $inc: { seatsFree: -seatsDrift, proSeatsFree: -proSeatsDrift },
          $set: {
            seatsVerifiedAt: ctx.now(),
            seatsVerification: { seatsDrift, proSeatsDrift, repaired: true },
          },
        },
      )
      .exec();
    if (repaired.modifiedCount !== 1) continue;
    await recordAudit(ctx, {
      action: 'license.seats_repaired',
      targetType: 'organization',
      targetId: ctx.orgId,
      before: { seatsFree: second.org.seatsFree, proSeatsFree: second.org.proSeatsFree },
      after: {
        seatsFree: expectedFree,
        proSeatsFree: expectedProFree,
        inUse: second.inUse,
        proInUse: second.proInUse,
        why: driftExplanation(seatsDrift, proSeatsDrift),
      },
    });
    return {
      ...result(second, ctx.now()),
      seatsDrift,
      proSeatsDrift,
      repaired: true,
      seatsFree: expectedFree,
      proSeatsFree: expectedProFree,
    };
  }
  return record(ctx, await snapshot(ctx, counts), {
    postponed: 'licenses were being taken or given back the whole time; it is checked again later',
  });
}

/** Why the counters drifted, as far as ub can tell, in words for the audit log and the admin. */
export function driftExplanation(seatsDrift: number, proSeatsDrift: number): string {
  const parts: string[] = [];
  for (const [drift, what] of [
    [seatsDrift, 'free licenses'],
    [proSeatsDrift, 'free Pro licenses'],
  ] as const) {
    if (drift < 0)
      parts.push(
        `${-drift} ${what} too few: seats were taken without their invitation or member being written (a crash between the two writes), so they were never given back`,
      );
    if (drift > 0)
      parts.push(
        `${drift} ${what} too many: seats were given back twice, or an invitation or member was written without taking its seat (a crash between two writes, or a change made outside ub)`,
      );
  }
  return parts.join('; ');
}

async function snapshot(ctx: ServiceContext, counts: Store): Promise<Snapshot> {
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  if (!org) throw new UbError('not_found', 'This workspace has no ub organization yet.');
  // One pass per collection, grouped by license type: on FerretDB/SQLite every count reads the whole
  // collection, so four counts cost four passes. A daily job, not a hot path.
  const [members, invitations] = await Promise.all([
    seatHoldersByLicense(counts.users, { orgId: ctx.orgId, status: 'active' }),
    seatHoldersByLicense(counts.invitations, { orgId: ctx.orgId, status: 'pending' }),
  ]);
  return { org, inUse: members.all + invitations.all, proInUse: members.pro + invitations.pro };
}

async function seatHoldersByLicense(
  model: Store['users'] | Store['invitations'],
  match: Record<string, unknown>,
): Promise<{ all: number; pro: number }> {
  const rows = await model
    .aggregate<{ _id: string | null; n: number }>([
      { $match: match },
      { $group: { _id: '$licenseType', n: { $sum: 1 } } },
    ])
    .exec();
  return {
    all: rows.reduce((sum, row) => sum + row.n, 0),
    pro: rows.find((row) => row._id === 'pro')?.n ?? 0,
  };
}

function sameSnapshot(a: Snapshot, b: Snapshot): boolean {
  return (
    a.inUse === b.inUse &&
    a.proInUse === b.proInUse &&
    a.org.seats === b.org.seats &&
    a.org.seatsFree === b.org.seatsFree &&
    a.org.proSeats === b.org.proSeats &&
    a.org.proSeatsFree === b.org.proSeatsFree
  );
}

/** A take token without its return: a batch holds seats its invitations are not written for yet. */
function seatsHeldByBatches(org: OrganizationDoc, now: Date): string | undefined {
  const moves = org.seatMoves ?? {};
  const open = Object.entries(moves).filter(
    ([token, move]) =>
      token.endsWith(':take') &&
      !moves[`${token.slice(0, -':take'.length)}:return`] &&
      now.getTime() - new Date(move.at).getTime() < STALE_SEAT_MOVE_MS,
  );
  return open.length > 0
    ? 'an invite is taking licenses right now; it is checked again once it has finished'
    : undefined;
}

async function forgetStaleSeatMoves(ctx: ServiceContext): Promise<void> {
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  const stale = Object.entries(org?.seatMoves ?? {})
    .filter(([, move]) => ctx.now().getTime() - new Date(move.at).getTime() >= STALE_SEAT_MOVE_MS)
    .map(([token]) => `seatMoves.${token}`);
  if (stale.length > 0)
    await ctx.store.organizations
      .updateOne({ _id: ctx.orgId }, { $unset: Object.fromEntries(stale.map((field) => [field, 1])) })
      .exec();
}

function result(s: Snapshot, now: Date): SeatVerification {
  return {
    checkedAt: now,
    inUse: s.inUse,
    proInUse: s.proInUse,
    seatsDrift: 0,
    proSeatsDrift: 0,
    repaired: false,
    postponed: undefined,
    seats: s.org.seats,
    seatsFree: s.org.seatsFree,
    proSeats: s.org.proSeats,
    proSeatsFree: s.org.proSeatsFree,
  };
}

/** A check that found the counts right (or could not check now): only the last check is recorded. */
async function record(ctx: ServiceContext, s: Snapshot, extra: { postponed?: string }): Promise<SeatVerification> {
  if (!extra.postponed) {
    await ctx.store.organizations
      .updateOne(
        { _id: ctx.orgId },
        {
          $set: {
            seatsVerifiedAt: ctx.now(),
            seatsVerification: { seatsDrift: 0, proSeatsDrift: 0, repaired: false },
          },
        },
      )
      .exec();
  }
  return { ...result(s, ctx.now()), postponed: extra.postponed };
}
