import type { ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { courseKey } from '../models/activity.js';
import { insightScope, periodStart, scopeFilter } from './insight-scope.js';
import { courseFigures, type CourseFigures } from './learning-activity.js';

export interface CourseReport {
  days: number;
  groupName: string | undefined;
  courses: CourseFigures[];
  /** Courses with activity beyond those listed. */
  more: number;
}

const SHOWN = 20;

/** `/ub courses`: the courses people of the scope are taking, with active, enrolled and completed counts in the period. */
export async function courseInsights(
  ctx: ServiceContext,
  input: { groupName?: string | undefined; days: number },
): Promise<CourseReport> {
  const scope = await insightScope(ctx, input.groupName);
  const since = periodStart(ctx, input.days);
  const courses = await courseFigures(ctx, { orgId: ctx.orgId, ...scopeFilter(scope) }, since);
  return {
    days: input.days,
    groupName: scope.groupName,
    courses: courses.slice(0, SHOWN),
    more: Math.max(0, courses.length - SHOWN),
  };
}

export interface CourseLearner {
  email: string;
  progress: number;
  enrolledAt: Date;
  lastActivityAt: Date;
  completedAt: Date | undefined;
}

export interface CourseLearnerPage {
  course: { id: string; title: string };
  groupName: string | undefined;
  learners: CourseLearner[];
  hasNext: boolean;
  next: string | undefined;
}

export const MAX_LEARNER_PAGE = 50;

/**
 * `/ub courses show <course>`: who (of the scope) is taking a course, a page in `_id` order (the
 * course by id, or by its exact title). Indexed on MongoDB ({ orgId, courseId, _id }).
 */
export async function courseLearners(
  ctx: ServiceContext,
  input: { course: string; groupName?: string | undefined; after?: string | undefined; limit: number },
): Promise<CourseLearnerPage> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_LEARNER_PAGE)
    throw new UbError('invalid_input', `A page holds 1 to ${MAX_LEARNER_PAGE} people.`);
  const scope = await insightScope(ctx, input.groupName);
  const course = await findCourse(ctx, input.course);
  const filter: Record<string, unknown> = { orgId: ctx.orgId, courseId: course.id, ...scopeFilter(scope) };
  if (input.after !== undefined) filter._id = { $gt: input.after };
  const docs = await ctx.store.enrollments
    .find(filter)
    .sort({ _id: 1 })
    .limit(input.limit + 1)
    .lean()
    .exec();
  const page = docs.slice(0, input.limit);
  const hasNext = docs.length > input.limit;
  return {
    course,
    groupName: scope.groupName,
    learners: page.map((d) => ({
      email: d.email,
      progress: d.progress,
      enrolledAt: d.enrolledAt,
      lastActivityAt: d.lastActivityAt,
      completedAt: d.completedAt ?? undefined,
    })),
    hasNext,
    next: hasNext ? page.at(-1)?._id : undefined,
  };
}

async function findCourse(ctx: ServiceContext, text: string): Promise<{ id: string; title: string }> {
  const wanted = text.trim();
  const byId = await ctx.store.courses
    .findById(`${ctx.orgId}:${courseKey(wanted)}`)
    .lean()
    .exec();
  if (byId) return { id: byId.courseId, title: byId.title };
  // By title: the courses collection holds one document per course, not per person.
  const byTitle = await ctx.store.courses.findOne({ orgId: ctx.orgId, title: wanted }).lean().exec();
  if (byTitle) return { id: byTitle.courseId, title: byTitle.title };
  throw new UbError(
    'not_found',
    `No course “${wanted.slice(0, 100)}” has activity in ub. \`/ub courses\` lists the courses people are taking (by id or exact title).`,
  );
}
