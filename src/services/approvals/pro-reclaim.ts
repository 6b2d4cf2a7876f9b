import type { ServiceContext } from '../context.js';
import { activeLicenseHolders, type LicenseHolder } from '../people/license-holder-repository.js';
import { personKey } from '../domain.js';
import { isDuplicateKey, UbError } from '../errors.js';
import type { ProReclaimDoc } from '../models/pro-reclaim.js';
import { recordAudit, recordAuditOnce } from '../record-audit.js';
import { recordProTakenBack, takeBackProLicense } from '../request-actions.js';
import type { Store } from '../store.js';

/**
 * The Pro reclaim policy (`/ub approvals policy reclaim-pro <days> [<grace days>]`, decision 042):
 * a Pro license with no learning activity for N days gets a warning DM with "I still need it",
 * and goes back to standard after the grace period unless its holder used it or kept it. Every
 * step is a guarded update of the person's `pro_reclaims` document, so the job can run twice at
 * once, or stop anywhere and run again, and reclaim once.
 */

const DAY_MS = 86_400_000;
/** People read per query: the candidates are bounded by the Pro seats, read a page at a time. */
export const RECLAIM_PAGE = 200;

export interface ReclaimPolicy {
  idleDays: number;
  graceDays: number;
}

export interface ProReclaim {
  id: string;
  orgId: string;
  email: string;
  slackUserId: string | undefined;
  cycle: number;
  state: ProReclaimDoc['state'];
  lastActivityAt: Date | undefined;
  reclaimAt: Date | undefined;
  keptUntil: Date | undefined;
  dm: { channel: string; ts: string } | undefined;
}

function toProReclaim(doc: ProReclaimDoc): ProReclaim {
  return {
    id: doc._id,
    orgId: doc.orgId,
    email: doc.email,
    slackUserId: doc.slackUserId ?? undefined,
    cycle: doc.cycle,
    state: doc.state,
    lastActivityAt: doc.lastActivityAt ?? undefined,
    reclaimAt: doc.reclaimAt ?? undefined,
    keptUntil: doc.keptUntil ?? undefined,
    dm: doc.dm?.channel && doc.dm.ts ? { channel: doc.dm.channel, ts: doc.dm.ts } : undefined,
  };
}

/** The organizations whose policy reclaims idle Pro licenses, with their policy. */
export async function organizationsReclaimingPro(
  store: Store,
): Promise<Array<{ orgId: string; policy: ReclaimPolicy }>> {
  const orgs = await store.organizations
    .find({ approvalsReclaimProDays: { $gt: 0 } })
    .select({ approvalsReclaimProDays: 1, approvalsReclaimGraceDays: 1 })
    .lean()
    .exec();
  return orgs.map((org) => ({
    orgId: org._id,
    policy: { idleDays: org.approvalsReclaimProDays!, graceDays: org.approvalsReclaimGraceDays ?? 7 },
  }));
}

/**
 * Active Pro holders with no learning activity for `idleDays` (counted from their last activity,
 * or from when they got Pro or joined when there was none), one page of Pro holders after `afterEmail`:
 * read on the search sets and by `_id` (activeLicenseHolders), so the hourly pass never scans people.
 */
export async function idleProHolders(
  ctx: ServiceContext,
  policy: ReclaimPolicy,
  afterEmail: string | undefined,
): Promise<{ people: IdlePerson[]; nextAfter: string | undefined }> {
  const cutoff = ctx.now().getTime() - policy.idleDays * DAY_MS;
  const page = await activeLicenseHolders(ctx, { license: 'pro', after: afterEmail });
  const idleSince = (h: LicenseHolder) =>
    Math.max(h.lastActivityAt?.getTime() ?? 0, (h.proSince ?? h.createdAt).getTime());
  return {
    people: page.holders
      .filter((h) => idleSince(h) < cutoff)
      .map((h) => ({ email: h.email, slackUserId: h.slackUserId, lastActivityAt: h.lastActivityAt })),
    nextAfter: page.nextAfter,
  };
}

export interface IdlePerson {
  email: string;
  slackUserId: string | undefined;
  lastActivityAt: Date | undefined;
}

/**
 * Opens a warning cycle for an idle Pro holder: true for exactly one caller, who then sends the
 * warning. Nothing opens while a cycle is under way, nor before a "kept" period ends. The first
 * cycle is the insert of the person's document (a unique `_id`); a later one is a guarded update
 * of the closed one.
 */
export async function openReclaimCycle(ctx: ServiceContext, person: IdlePerson): Promise<ProReclaim | undefined> {
  const now = ctx.now();
  const _id = personKey(ctx.orgId, person.email);
  const fields = {
    state: 'warned' as const,
    slackUserId: person.slackUserId,
    lastActivityAt: person.lastActivityAt,
    warnedAt: now,
  };
  const existing = await ctx.store.proReclaims.findById(_id).lean().exec();
  if (!existing) {
    try {
      const created = await ctx.store.proReclaims.create({
        _id,
        orgId: ctx.orgId,
        email: person.email,
        cycle: 1,
        ...fields,
      });
      return toProReclaim(created.toObject());
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }
  const closed = existing.state === 'reclaimed' || existing.state === 'cleared';
  const keptOver = existing.state === 'kept' && (existing.keptUntil?.getTime() ?? 0) <= now.getTime();
  if (!closed && !keptOver) return undefined;
  const opened = await ctx.store.proReclaims
    .findOneAndUpdate(
      { _id, state: existing.state, cycle: existing.cycle },
      {
        $set: fields,
        $inc: { cycle: 1 },
        $unset: { reclaimAt: 1, claimedAt: 1, keptUntil: 1, closedAt: 1, toldAt: 1, dm: 1 },
      },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  return opened ? toProReclaim(opened) : undefined;
}

/** Warnings of open cycles not sent yet (a stop between opening a cycle and its DM), any organization. */
export async function unsentWarnings(store: Store): Promise<ProReclaim[]> {
  const docs = await store.proReclaims.find({ state: 'warned', reclaimAt: null }).limit(RECLAIM_PAGE).lean().exec();
  return docs.map(toProReclaim);
}

/** When the reclaim of a warning sent now is due. */
export function reclaimDate(now: Date, policy: ReclaimPolicy): Date {
  return new Date(now.getTime() + policy.graceDays * DAY_MS);
}

/**
 * Records that the warning of this cycle went out (or could not: the person is not in Slack),
 * which starts the grace period: the reclaim is due on the date the warning gave.
 */
export async function recordWarningSent(
  ctx: ServiceContext,
  reclaim: ProReclaim,
  policy: ReclaimPolicy,
  sent: { reclaimAt: Date; dm: { channel: string; ts: string } | undefined },
): Promise<void> {
  const { reclaimAt, dm } = sent;
  const set = await ctx.store.proReclaims
    .findOneAndUpdate(
      { _id: reclaim.id, state: 'warned', cycle: reclaim.cycle, reclaimAt: null },
      { $set: { reclaimAt, ...(dm ? { dm } : {}) } },
    )
    .lean()
    .exec();
  if (!set) return;
  await recordAuditOnce(ctx, [
    {
      id: `${reclaim.id}:${reclaim.cycle}:license.reclaim_warned`,
      action: 'license.reclaim_warned',
      targetType: 'user',
      targetId: reclaim.id,
      subjects: [reclaim.email],
      after: { policy: policyWords(policy), reclaimAt, delivered: dm !== undefined },
    },
  ]);
}

/** Reclaims whose grace period is over, and those a stopped runner left half-way, any organization. */
export async function reclaimsDue(store: Store, now: Date, leaseMs: number): Promise<ProReclaim[]> {
  const [due, left] = await Promise.all([
    store.proReclaims
      .find({ state: 'warned', reclaimAt: { $lte: now } })
      .limit(RECLAIM_PAGE)
      .lean()
      .exec(),
    store.proReclaims
      .find({ state: 'reclaiming', claimedAt: { $lte: new Date(now.getTime() - leaseMs) } })
      .limit(RECLAIM_PAGE)
      .lean()
      .exec(),
  ]);
  return [...due, ...left].map(toProReclaim);
}

/** Reclaims whose holder was not told yet (the DM's claim was held by a runner that stopped), any organization. */
export async function untoldReclaims(store: Store): Promise<ProReclaim[]> {
  const docs = await store.proReclaims.find({ state: 'reclaimed', toldAt: null }).limit(RECLAIM_PAGE).lean().exec();
  return docs.map(toProReclaim);
}

/** The holder of a reclaimed license was told (or cannot be: not in Slack). */
export async function recordReclaimTold(store: Store, reclaim: ProReclaim): Promise<void> {
  await store.proReclaims
    .updateOne({ _id: reclaim.id, state: 'reclaimed', cycle: reclaim.cycle }, { $set: { toldAt: new Date() } })
    .exec();
}

/**
 * `reclaimed_after_stop`: reclaimed by a cycle resumed after its runner stopped between the license
 * change and its end. The Pro seat goes back with its own write after the change (setPro), so it
 * may never have: the caller has the seats recounted (decision 050).
 */
export type ReclaimOutcome = 'reclaimed' | 'reclaimed_after_stop' | 'cleared' | undefined;

/**
 * Takes a Pro license back by the policy, once: the cycle is claimed (`warned` → `reclaiming`, or a
 * stale `reclaiming` taken over), then the license goes back to standard (setPro, idempotent), the
 * entry "reclaimed by the policy" is written once (its id derives from the cycle), and the cycle
 * closes. Someone who learned since the warning, or who no longer holds Pro, is cleared instead.
 * `ctx.actor` is ub itself; undefined: another runner has it.
 */
export async function reclaimPro(
  ctx: ServiceContext,
  reclaim: ProReclaim,
  policy: ReclaimPolicy,
  leaseMs: number,
): Promise<ReclaimOutcome> {
  const now = ctx.now();
  const claimed = await ctx.store.proReclaims
    .findOneAndUpdate(
      reclaim.state === 'warned'
        ? { _id: reclaim.id, state: 'warned', cycle: reclaim.cycle, reclaimAt: { $lte: now } }
        : {
            _id: reclaim.id,
            state: 'reclaiming',
            cycle: reclaim.cycle,
            claimedAt: { $lte: new Date(now.getTime() - leaseMs) },
          },
      { $set: { state: 'reclaiming', claimedAt: now } },
    )
    .lean()
    .exec();
  if (!claimed) return undefined;
  const user = await ctx.store.users.findById(reclaim.id).lean().exec();
  const learnedSince =
    (user?.lastActivityAt?.getTime() ?? 0) > (reclaim.lastActivityAt?.getTime() ?? 0) ||
    (user?.proSince?.getTime() ?? 0) > claimed.warnedAt.getTime();
  const stillPro = user?.status === 'active' && user.licenseType === 'pro';
  // Resumed after a stop: the license may be standard already because this cycle reclaimed it.
  const resumedAfterChange = reclaim.state === 'reclaiming' && user?.status === 'active' && !stillPro;
  if ((!stillPro && !resumedAfterChange) || learnedSince) {
    await closeCycle(ctx, reclaim, 'cleared');
    return 'cleared';
  }
  // Keyed by the cycle: a cycle resumed after a stop records the license change once.
  const auditId = `${reclaim.id}:${reclaim.cycle}:user.set_license`;
  if (stillPro) await takeBackProLicense(ctx, reclaim.email, auditId);
  else await recordProTakenBack(ctx, reclaim.email, auditId);
  await recordAuditOnce(ctx, [
    {
      id: `${reclaim.id}:${reclaim.cycle}:license.reclaimed`,
      action: 'license.reclaimed',
      targetType: 'user',
      targetId: reclaim.id,
      subjects: [reclaim.email],
      before: { licenseType: 'pro', lastActivityAt: reclaim.lastActivityAt ?? null },
      after: { licenseType: 'standard', policy: policyWords(policy) },
    },
  ]);
  await closeCycle(ctx, reclaim, 'reclaimed');
  return resumedAfterChange ? 'reclaimed_after_stop' : 'reclaimed';
}

async function closeCycle(ctx: ServiceContext, reclaim: ProReclaim, state: 'reclaimed' | 'cleared'): Promise<void> {
  await ctx.store.proReclaims
    .updateOne({ _id: reclaim.id, state: 'reclaiming', cycle: reclaim.cycle }, { $set: { state, closedAt: ctx.now() } })
    .exec();
}

/**
 * "I still need it": the holder keeps their Pro license for another `idleDays`, after which the
 * policy looks again. Only the holder may answer their own warning (a forged or forwarded button
 * changes nothing), and only while the cycle is open; audited.
 */
export async function keepPro(
  ctx: ServiceContext,
  input: { id: string; cycle: number },
): Promise<{ kept: true; until: Date; reclaim: ProReclaim } | { kept: false; reclaim: ProReclaim }> {
  const doc = await ctx.store.proReclaims.findById(input.id).lean().exec();
  if (!doc || doc.orgId !== ctx.orgId || doc.cycle !== input.cycle)
    throw new UbError('not_found', 'This warning is out of date: nothing to answer.');
  if (ctx.actor.email === undefined || ctx.actor.email !== doc.email)
    throw new UbError('not_authorized', 'Only the person whose license it is can answer this.');
  const org = await ctx.store.organizations.findById(ctx.orgId).select({ approvalsReclaimProDays: 1 }).lean().exec();
  const until = new Date(ctx.now().getTime() + (org?.approvalsReclaimProDays ?? 30) * DAY_MS);
  const kept = await ctx.store.proReclaims
    .findOneAndUpdate(
      { _id: doc._id, state: 'warned', cycle: doc.cycle },
      { $set: { state: 'kept', keptUntil: until, closedAt: ctx.now() } },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (!kept) {
    const now = await ctx.store.proReclaims.findById(doc._id).lean().exec();
    return { kept: false, reclaim: toProReclaim(now ?? doc) };
  }
  await recordAudit(ctx, {
    action: 'license.reclaim_kept',
    targetType: 'user',
    targetId: doc._id,
    subjects: [doc.email],
    after: { keptUntil: until },
  });
  return { kept: true, until, reclaim: toProReclaim(kept) };
}

/** The policy in words, as the audit log and the DMs say it. */
export function policyWords(policy: ReclaimPolicy): string {
  return `policy: Pro licenses with no learning activity for ${policy.idleDays} days are reclaimed`;
}
