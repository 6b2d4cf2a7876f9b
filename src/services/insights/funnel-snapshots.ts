import { isDuplicateKey } from '../errors.js';
import type { FunnelSnapshotDoc, SnapshotWeek } from '../models/funnel-snapshot.js';
import type { Store } from '../store.js';
import { groupFunnelCounts, organizationFunnelCounts, sumFunnels, type FunnelCounts } from './funnel-counts.js';

/** The scope of the organization's own snapshot (a group's is its id). */
export const ORGANIZATION_SCOPE = 'org';

const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;
/** Earlier weeks a snapshot carries (decision 047): with its own, a digest's 8-week trend. */
export const RECENT_WEEKS = 7;

/** Monday 00:00 UTC of the week `date` is in. */
export function weekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

export function snapshotId(orgId: string, scope: string, week: Date): string {
  return `${orgId}:${scope}:${week.toISOString().slice(0, 10)}`;
}

/**
 * Keeps this week's snapshot of the organization's funnel and of each group's: written once per
 * week each (an insert of a deterministic `_id`), so the job may run as often as it likes, on
 * several replicas at once. Returns how many were written now.
 */
export async function snapshotFunnels(store: Store, orgId: string, now: Date): Promise<number> {
  const week = weekStart(now);
  if (
    await store.funnelSnapshots
      .findById(snapshotId(orgId, ORGANIZATION_SCOPE, week))
      .select({ _id: 1 })
      .lean()
      .exec()
  ) {
    return 0;
  }
  const org = await store.organizations.findById(orgId).lean().exec();
  if (!org) return 0;
  const groups = await store.groups.find({ orgId }).select({ inviteeCount: 1, funnel: 1 }).lean().exec();
  const doc = async (scope: string, counts: FunnelCounts): Promise<FunnelSnapshotDoc> => ({
    _id: snapshotId(orgId, scope, week),
    orgId,
    scope,
    week,
    licenses: counts.licenses,
    invited: counts.invited,
    joined: counts.joined,
    enrolled: counts.enrolled,
    started: counts.started,
    takenAt: now,
    recent: await recentWeeks(store, orgId, scope, week),
  });
  // Groups first, the organization last: its snapshot is what says the week is done.
  let written = 0;
  for (const [scope, counts] of [
    ...groups.map((g) => [g._id, groupFunnelCounts(g)] as const),
    [ORGANIZATION_SCOPE, organizationFunnelCounts(org)] as const,
  ]) {
    try {
      await store.funnelSnapshots.create(await doc(scope, counts));
      written += 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return written;
}

/**
 * The scope's snapshots of the RECENT_WEEKS weeks before `week`, oldest first: last week's
 * snapshot and what it carries (one `_id` read), or, when last week has none or one written
 * before snapshots carried their weeks, each week read by `_id`.
 */
async function recentWeeks(store: Store, orgId: string, scope: string, week: Date): Promise<SnapshotWeek[]> {
  const oldest = week.getTime() - RECENT_WEEKS * WEEK_MS;
  const last = await store.funnelSnapshots
    .findById(snapshotId(orgId, scope, new Date(week.getTime() - WEEK_MS)))
    .lean()
    .exec();
  if (last?.recent) return [...last.recent.filter((w) => w.week.getTime() >= oldest), weekOf(last)];
  const earlier = await Promise.all(
    Array.from({ length: RECENT_WEEKS }, (_, i) => new Date(oldest + i * WEEK_MS)).map((w) =>
      store.funnelSnapshots
        .findById(snapshotId(orgId, scope, w))
        .lean()
        .exec(),
    ),
  );
  return earlier.flatMap((d) => (d ? [weekOf(d)] : []));
}

function weekOf(doc: SnapshotWeek): SnapshotWeek {
  const { week, licenses, invited, joined, enrolled, started } = doc;
  return { week, licenses, invited, joined, enrolled, started };
}

/**
 * The funnel of these scopes at the start of each of `weeks` (oldest first, this week last), added
 * up; undefined for a week a scope has no snapshot of. This week's snapshots carry the weeks
 * before (one `_id` read per scope); older snapshots, or more weeks than they carry, are read
 * week by week.
 */
export async function weeksOf(
  store: Store,
  orgId: string,
  scopes: string[],
  weeks: Date[],
): Promise<Array<{ week: Date; funnel: FunnelCounts | undefined }>> {
  const thisWeek = weeks.at(-1);
  const current =
    thisWeek === undefined || weeks.length > RECENT_WEEKS + 1
      ? []
      : await Promise.all(
          scopes.map((scope) =>
            store.funnelSnapshots
              .findById(snapshotId(orgId, scope, thisWeek))
              .lean()
              .exec(),
          ),
        );
  if (scopes.length === 0 || current.length < scopes.length || current.some((d) => !d?.recent))
    return Promise.all(weeks.map(async (week) => ({ week, funnel: await snapshotsOf(store, orgId, scopes, week) })));
  return weeks.map((week) => {
    const found = current.map((doc) =>
      week.getTime() === doc!.week.getTime() ? doc : doc!.recent!.find((w) => w.week.getTime() === week.getTime()),
    );
    return { week, funnel: found.some((w) => w === undefined) ? undefined : sumFunnels(found.map((w) => w!)) };
  });
}

/** The funnel of these scopes when this week began, added up; undefined when a snapshot is missing. */
export async function weekBefore(
  store: Store,
  orgId: string,
  scopes: string[],
  now: Date,
): Promise<{ week: Date; funnel: FunnelCounts } | undefined> {
  const week = weekStart(now);
  const funnel = await snapshotsOf(store, orgId, scopes, week);
  return funnel ? { week, funnel } : undefined;
}

/** The snapshots of these scopes for one week, added up; undefined when one is missing. */
export async function snapshotsOf(
  store: Store,
  orgId: string,
  scopes: string[],
  week: Date,
): Promise<FunnelCounts | undefined> {
  const docs = await Promise.all(
    scopes.map((scope) =>
      store.funnelSnapshots
        .findById(snapshotId(orgId, scope, week))
        .lean()
        .exec(),
    ),
  );
  if (docs.length === 0 || docs.some((d) => d === null)) return undefined;
  return sumFunnels(docs.map((d) => d!));
}
