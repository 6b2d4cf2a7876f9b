import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { parseEmail } from '../email.js';
import { UbError } from '../errors.js';
import { personKey, type LicenseType } from '../domain.js';
import type { OrganizationDoc } from '../models/organization.js';
import { freeProSeat, seatUsage, takeProSeat, type SeatUsage } from '../seats-repository.js';

export const MAX_SEATS = 1_000_000;

export interface LicenseOverview extends SeatUsage {
  /** Of the seats in use, how many are held by pending invitations. */
  pendingInvitations: number;
}

/** Licenses used and left, standard and Pro (admins only, as on the subscription page). */
export async function licenseOverview(ctx: ServiceContext): Promise<LicenseOverview> {
  assertCan(ctx.actor, 'license.manage');
  const usage = await seatUsage(ctx.store, ctx.orgId);
  const pendingInvitations = await ctx.store.invitations.countDocuments({ orgId: ctx.orgId, status: 'pending' }).exec();
  return { ...usage, pendingInvitations };
}

/**
 * Sets the number of licenses (and Pro licenses). Never below the seats in use: the update is
 * guarded on the counts it read and, when lowering, on enough free seats, so an invite that
 * takes a seat at the same moment cannot leave more people than licenses.
 */
export async function setSeats(ctx: ServiceContext, input: { seats: number; proSeats?: number }): Promise<LicenseOverview> {
  assertCan(ctx.actor, 'license.manage');
  for (const [label, value] of [['licenses', input.seats], ['Pro licenses', input.proSeats]] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > MAX_SEATS)) {
      throw new UbError('invalid_input', `The number of ${label} must be a whole number from 0 to ${MAX_SEATS.toLocaleString('en-US')}.`);
    }
  }
  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  if (!org) throw new UbError('not_found', 'This workspace has no ub organization yet. Reinstall ub or ask its operator.');
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
      { $set: { seats: input.seats, proSeats }, $inc: { seatsFree: delta, proSeatsFree: proDelta } },
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
      `${fmt(used)} licenses are in use (active people and pending invitations), so there must be at least ${fmt(used)}. ` +
        'Deactivate people or cancel pending invitations first.',
      { used },
    );
  }
  if (proSeats < proUsed) {
    throw new UbError(
      'invalid_state',
      `${fmt(proUsed)} Pro licenses are in use, so there must be at least ${fmt(proUsed)}. Remove Pro from someone first with \`/ub license pro <email> --remove\`.`,
      { proUsed },
    );
  }
}

export interface ProChange {
  email: string;
  licenseType: LicenseType;
  /** False when the person already had the license type asked for. */
  changed: boolean;
  /** True when the change went to a pending invitation rather than a user. */
  pending: boolean;
}

/**
 * Gives an active user (or a pending invitation) a Pro license, or takes it back to standard.
 * The Pro seat moves with a guarded update of the person, so two admins doing it at once move
 * one seat; the second hears the current state.
 */
export async function setPro(ctx: ServiceContext, input: { email: string; pro: boolean }): Promise<ProChange> {
  assertCan(ctx.actor, 'license.manage');
  const email = parseEmail(input.email);
  const from: LicenseType = input.pro ? 'standard' : 'pro';
  const to: LicenseType = input.pro ? 'pro' : 'standard';

  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).select({ status: 1, licenseType: 1 }).lean().exec();
  const invitation = user ? null : await ctx.store.invitations.findById(personKey(ctx.orgId, email)).select({ status: 1, licenseType: 1 }).lean().exec();
  const pending = invitation?.status === 'pending';
  if (user?.status === 'deactivated') {
    throw new UbError('invalid_state', `${email} is deactivated and holds no license. Reactivate them first with \`/ub reactivate ${email}\`.`);
  }
  if (!user && !pending) throw new UbError('not_found', `${email} is neither a member nor invited. Invite them with \`/ub invite ${email}${input.pro ? ' --pro' : ''}\`.`);
  const current = (user ?? invitation)!.licenseType;
  if (current === to) return { email, licenseType: to, changed: false, pending };

  const _id = user ? personKey(ctx.orgId, email) : personKey(ctx.orgId, email);
  if (input.pro) await takeProSeat(ctx.store, ctx.orgId);
  const update = { $set: { licenseType: to }, $inc: { version: 1 } };
  const moved = user
    ? await ctx.store.users.findOneAndUpdate({ _id, status: 'active', licenseType: from }, update).lean().exec()
    : await ctx.store.invitations.findOneAndUpdate({ _id, status: 'pending', licenseType: from }, update).lean().exec();
  if (!moved) {
    if (input.pro) await freeProSeat(ctx.store, ctx.orgId);
    const now = user
      ? await ctx.store.users.findById(_id).select({ status: 1, licenseType: 1 }).lean().exec()
      : await ctx.store.invitations.findById(_id).select({ status: 1, licenseType: 1 }).lean().exec();
    if (now && now.licenseType === to && now.status === (user ? 'active' : 'pending')) return { email, licenseType: to, changed: false, pending };
    throw new UbError('conflict', `${email} changed while ub was updating them. Check with \`/ub user ${email}\` and run it again.`);
  }
  if (!input.pro) await freeProSeat(ctx.store, ctx.orgId);
  await recordAudit(ctx, {
    action: user ? 'user.set_license' : 'invitation.set_license',
    targetType: user ? 'user' : 'invitation',
    targetId: _id,
    subjects: [email],
    before: { licenseType: from },
    after: { licenseType: to },
  });
  return { email, licenseType: to, changed: true, pending };
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
