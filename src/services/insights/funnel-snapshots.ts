import { isDuplicateKey } from '../errors.js';
import type { FunnelSnapshotDoc } from '../models/funnel-snapshot.js';
import type { Store } from '../store.js';
import { groupFunnelCounts, organizationFunnelCounts, sumFunnels, type FunnelCounts } from './funnel-counts.js';

/** The scope of the organization's own snapshot (a group's is its id). */
export const ORGANIZATION_SCOPE = 'org';

const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;

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
  const doc = (scope: string, counts: FunnelCounts): FunnelSnapshotDoc => ({
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
  });
  // Groups first, the organization last: its snapshot is what says the week is done.
  let written = 0;
  for (const snapshot of [
    ...groups.map((g) => doc(g._id, groupFunnelCounts(g))),
    doc(ORGANIZATION_SCOPE, organizationFunnelCounts(org)),
  ]) {
    try {
      await store.funnelSnapshots.create(snapshot);
      written += 1;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return written;
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
