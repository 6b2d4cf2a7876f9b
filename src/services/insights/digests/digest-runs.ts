import type { ServiceContext } from '../../context.js';
import type { DigestSubscriptionDoc } from '../../models/digest-subscription.js';
import { recordAudit } from '../../record-audit.js';
import type { Store } from '../../store.js';
import { digestWeekOf, nextDigestAt, usableTimeZone, type Weekday } from './digest-schedule.js';

/** Refusals in a row (channel archived, bot removed, person gone) after which a subscription is paused. */
export const PAUSE_AFTER_REFUSALS = 3;
const FIRST_RETRY_MS = 5 * 60 * 1000;
const MAX_RETRY_MS = 6 * 60 * 60 * 1000;

/**
 * Active subscriptions whose digest is due (and not waiting out a retry), oldest first. On
 * FerretDB/SQLite a scan of the subscriptions (one per team lead or channel, thousands at most),
 * once a minute; MongoDB uses { status, nextRunAt } (decision 025).
 */
export async function dueDigestSubscriptions(store: Store, now: Date, limit: number): Promise<DigestSubscriptionDoc[]> {
  const due = await store.digestSubscriptions
    .find({ status: 'active', nextRunAt: { $lte: now } })
    .sort({ nextRunAt: 1 })
    .limit(limit * 4)
    .lean()
    .exec();
  return due.filter((s) => !s.retryAt || s.retryAt.getTime() <= now.getTime()).slice(0, limit);
}

/**
 * The post key of a subscription's digest this week: one digest per subscription per week
 * (the week of the scheduled moment in the owner's zone). A new attempt gets a new key only after
 * Slack refused the last one for good, when nothing was posted under it.
 */
export function digestPostKey(sub: DigestSubscriptionDoc): string {
  return `digest:${sub._id}:${digestWeekOf(sub.nextRunAt, sub.timeZone)}:${sub.attempt}`;
}

/** The owner's time zone as Slack has it now, for this and the next digests. */
export async function refreshDigestTimeZone(
  store: Store,
  sub: DigestSubscriptionDoc,
  timeZone: string | undefined,
): Promise<DigestSubscriptionDoc> {
  const zone = usableTimeZone(timeZone ?? sub.timeZone);
  if (zone === sub.timeZone) return sub;
  await store.digestSubscriptions.updateOne({ _id: sub._id }, { $set: { timeZone: zone } }).exec();
  return { ...sub, timeZone: zone };
}

/** The week's digest went out: the next one is due at the next scheduled moment after now. */
export async function markDigestPosted(store: Store, sub: DigestSubscriptionDoc, now: Date): Promise<void> {
  const nextRunAt = nextDigestAt(
    { day: sub.day as Weekday, time: sub.time, timeZone: sub.timeZone },
    new Date(Math.max(now.getTime(), sub.nextRunAt.getTime())),
  );
  await store.digestSubscriptions
    .updateOne(
      { _id: sub._id },
      {
        $set: {
          nextRunAt,
          attempt: 0,
          failures: 0,
          lastWeek: digestWeekOf(sub.nextRunAt, sub.timeZone),
          lastPostedAt: now,
        },
        $unset: { retryAt: 1, lastError: 1 },
      },
    )
    .exec();
}

/**
 * A digest that did not go out: tried again with a growing delay. A refusal for good (channel
 * archived, bot removed, person gone) counts towards pausing; after PAUSE_AFTER_REFUSALS in a row
 * the subscription is paused and audited, and the caller tells its owner. Returns whether it was paused.
 */
export async function markDigestFailed(
  ctx: ServiceContext,
  sub: DigestSubscriptionDoc,
  failure: { refused: boolean; reason: string },
): Promise<{ paused: boolean }> {
  const failures = failure.refused ? sub.failures + 1 : sub.failures;
  const tries = failures + (failure.refused ? 0 : 1);
  const retryAt = new Date(ctx.now().getTime() + Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, tries - 1)));
  const paused = failure.refused && failures >= PAUSE_AFTER_REFUSALS;
  const reason = `${failure.reason}, ${failures} times in a row`;
  await ctx.store.digestSubscriptions
    .updateOne(
      { _id: sub._id },
      {
        $set: {
          failures,
          // A refused post settled its key as not sent: the next attempt posts under a new one.
          attempt: failure.refused ? sub.attempt + 1 : sub.attempt,
          retryAt,
          lastError: failure.reason,
          ...(paused ? { status: 'paused', pausedReason: reason } : {}),
        },
      },
    )
    .exec();
  if (paused)
    await recordAudit(ctx, {
      action: 'digest.paused',
      targetType: 'digest_subscription',
      targetId: sub._id,
      subjects: [sub.owner.email, ...sub.groupIds],
      before: { destination: sub.destination, destinationKind: sub.destinationKind, groupIds: sub.groupIds },
      after: { status: 'paused', reason },
    });
  return { paused };
}
