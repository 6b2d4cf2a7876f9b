import { DateTime } from 'luxon';
import type { Store } from '../../store.js';

export interface FunnelFigures {
  licenses: number;
  invited: number;
  joined: number;
  enrolled: number;
  started: number;
}

/** The UTC ISO week of a moment, `2026-W49`: the funnel history's week. */
export function utcWeekOf(at: Date): string {
  const d = DateTime.fromJSDate(at, { zone: 'utc' });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The `count` weeks ending with the one of `at`, oldest first. */
export function weeksEndingAt(at: Date, count: number): string[] {
  return Array.from({ length: count }, (_, i) => utcWeekOf(new Date(at.getTime() - (count - 1 - i) * 7 * 86_400_000)));
}

/**
 * Keeps the first figures seen in a week for each scope (`org` or a group id): a digest built in
 * the week records them, so next week's digest can say what changed. The first write of a week
 * wins (`$setOnInsert`), so every digest of that week compares against the same figures.
 */
export async function recordFunnelWeek(
  store: Store,
  orgId: string,
  scope: string,
  figures: FunnelFigures,
  at: Date,
): Promise<void> {
  await store.funnelWeeks
    .updateOne(
      { _id: `${orgId}:${scope}:${utcWeekOf(at)}` },
      { $setOnInsert: { orgId, ...figures, at } },
      { upsert: true },
    )
    .exec();
}

/**
 * The figures of scopes added together, per week (oldest first), undefined for a week none of
 * them was recorded in. One `_id` read per scope and week.
 */
export async function funnelWeeks(
  store: Store,
  orgId: string,
  scopes: string[],
  weeks: string[],
): Promise<Array<FunnelFigures | undefined>> {
  return Promise.all(
    weeks.map(async (week) => {
      const docs = await Promise.all(
        scopes.map((scope) => store.funnelWeeks.findById(`${orgId}:${scope}:${week}`).lean().exec()),
      );
      const found = docs.filter((d): d is NonNullable<typeof d> => d !== null);
      if (found.length === 0) return undefined;
      const sum: FunnelFigures = { licenses: 0, invited: 0, joined: 0, enrolled: 0, started: 0 };
      for (const d of found) for (const key of Object.keys(sum) as Array<keyof FunnelFigures>) sum[key] += d[key];
      return sum;
    }),
  );
}
