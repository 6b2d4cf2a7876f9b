import type { ServiceContext } from '../context.js';
import { courseKey } from '../models/activity.js';
import { countersOf } from './funnel-counts.js';
import { insightScope, periodStart, scopeFilter } from './insight-scope.js';

export interface CourseFigures {
  courseId: string;
  title: string;
  /** People active in the course in the period. */
  active: number;
  /** People who enrolled in the period. */
  enrolled: number;
  /** People who completed it in the period. */
  completed: number;
}

export interface ActivityReport {
  days: number;
  groupName: string | undefined;
  /** People with learning activity in the period (rules file, "Active users"). */
  active: number;
  /** People licensed during the period: active members now, and those deactivated since it began. */
  licensed: number;
  topCourses: CourseFigures[];
  /** Per group (admins, the organization's view; group admins, their groups): active of members. */
  groups: Array<{ id: string; name: string; active: number; members: number }>;
}

const TOP_COURSES = 5;
const TOP_GROUPS = 10;

/**
 * `/ub activity`: who was active in the last `days` days, against who held a license then, the
 * top courses and a comparison of the groups. Counted by the database (indexed counts and
 * `$match`/`$unwind`/`$group` aggregations on `lastActivityAt`), never by loading people.
 */
export async function learningActivity(
  ctx: ServiceContext,
  input: { groupName?: string | undefined; days: number },
): Promise<ActivityReport> {
  const scope = await insightScope(ctx, input.groupName);
  const since = periodStart(ctx, input.days);
  const inScope = { orgId: ctx.orgId, ...scopeFilter(scope) };
  const [active, deactivatedSince, courses, perGroup, scopeMembers] = await Promise.all([
    ctx.store.users.countDocuments({ ...inScope, lastActivityAt: { $gte: since } }).exec(),
    ctx.store.users.countDocuments({ ...inScope, status: 'deactivated', deactivatedAt: { $gte: since } }).exec(),
    courseFigures(ctx, inScope, since),
    ctx.store.users
      .aggregate<{ _id: string; n: number }>([
        { $match: { ...inScope, lastActivityAt: { $gte: since } } },
        { $unwind: '$groupIds' },
        { $group: { _id: '$groupIds', n: { $sum: 1 } } },
      ])
      .exec(),
    activeMembers(ctx, scope.groupIds),
  ]);
  const groupDocs = await Promise.all(
    perGroup.map((row) => ctx.store.groups.findById(row._id).select({ name: 1, funnel: 1, orgId: 1 }).lean().exec()),
  );
  const groups = perGroup
    .map((row, i) => ({ row, doc: groupDocs[i] }))
    .filter(({ row, doc }) => doc && doc.orgId === ctx.orgId && (scope.groupIds?.includes(row._id) ?? true))
    .map(({ row, doc }) => ({ id: row._id, name: doc!.name, active: row.n, members: countersOf(doc!.funnel).joined }))
    .sort(
      (a, b) => b.active / Math.max(1, b.members) - a.active / Math.max(1, a.members) || a.name.localeCompare(b.name),
    )
    .slice(0, TOP_GROUPS);
  return {
    days: input.days,
    groupName: scope.groupName,
    active,
    licensed: scopeMembers + deactivatedSince,
    topCourses: courses.slice(0, TOP_COURSES),
    groups,
  };
}

/** Active members of the scope, from the funnel counters (one `_id` read each). */
async function activeMembers(ctx: ServiceContext, groupIds: string[] | undefined): Promise<number> {
  if (groupIds === undefined) {
    const org = await ctx.store.organizations.findById(ctx.orgId).select({ funnel: 1 }).lean().exec();
    return countersOf(org?.funnel).joined;
  }
  const docs = await Promise.all(
    groupIds.map((id) => ctx.store.groups.findById(id).select({ funnel: 1 }).lean().exec()),
  );
  return docs.reduce((n, d) => n + countersOf(d?.funnel).joined, 0);
}

/**
 * Per course in the period: active, enrolled and completed people (three aggregations on the
 * enrollments, by the date each counts), most active first.
 */
export async function courseFigures(
  ctx: ServiceContext,
  inScope: Record<string, unknown>,
  since: Date,
): Promise<CourseFigures[]> {
  const byCourse = (field: 'lastActivityAt' | 'enrolledAt' | 'completedAt') =>
    ctx.store.enrollments
      .aggregate<{ _id: string; n: number }>([
        { $match: { ...inScope, [field]: { $gte: since } } },
        { $group: { _id: '$courseId', n: { $sum: 1 } } },
      ])
      .exec();
  const [active, enrolled, completed] = await Promise.all([
    byCourse('lastActivityAt'),
    byCourse('enrolledAt'),
    byCourse('completedAt'),
  ]);
  const figures = new Map<string, CourseFigures>();
  const row = (id: string) => {
    const existing = figures.get(id) ?? { courseId: id, title: id, active: 0, enrolled: 0, completed: 0 };
    figures.set(id, existing);
    return existing;
  };
  for (const r of active) row(r._id).active = r.n;
  for (const r of enrolled) row(r._id).enrolled = r.n;
  for (const r of completed) row(r._id).completed = r.n;
  const sorted = [...figures.values()].sort(
    (a, b) => b.active - a.active || b.enrolled - a.enrolled || a.courseId.localeCompare(b.courseId),
  );
  // Titles for the courses shown: one `_id` read each.
  await Promise.all(
    sorted.slice(0, 50).map(async (c) => {
      const course = await ctx.store.courses
        .findById(`${ctx.orgId}:${courseKey(c.courseId)}`)
        .lean()
        .exec();
      if (course) c.title = course.title;
    }),
  );
  return sorted;
}
