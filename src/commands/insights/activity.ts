import { z } from 'zod';
import { courseInsights, courseLearners } from '../../services/insights/course-insights.js';
import { MAX_DAYS } from '../../services/insights/insight-scope.js';
import { learningActivity } from '../../services/insights/learning-activity.js';
import { defineAction } from '../../slack/kit/action.js';
import { argToken, textArg } from '../../slack/kit/arg-schemas.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import {
  activityBlocks,
  COURSE_LEARNERS_ACTION_ID,
  courseLearnersBlocks,
  courseListBlocks,
} from '../../views/insights/activity-blocks.js';

const LEARNER_PAGE = 20;

const daysArg = argToken.transform((t, ctx) => {
  const days = Number(t.value);
  if (t.kind !== 'text' || !Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    ctx.addIssue({ code: 'custom', message: `must be a number of days from 1 to ${MAX_DAYS}` });
    return z.NEVER;
  }
  return days;
});
const groupArg = textArg({ max: 200, what: 'a group name (in quotes when it has spaces)' });

/** `[--group <name>] [--days 30]`: what `/ub activity` and `/ub courses` look at. */
const period = {
  usage: '[--group <name>] [--days 30]',
  permission: 'insights.view' as const,
  reply: 'ephemeral' as const,
  positionals: [],
  flags: { group: { takesValue: true, mayHaveSpaces: true }, days: { takesValue: true } },
  schema: z.object({ group: groupArg.optional(), days: daysArg.optional() }),
};

/** `/ub activity [--group <name>] [--days 30]` */
export const activitySubcommand = defineSubcommand({
  name: 'activity',
  ...period,
  summary: 'Who was active in a period against who held a license, the top courses, and the groups compared.',
  details: ['Group admins see the groups they manage.'],
  handle: async (request, input, ctx) => {
    await request.reply(
      activityBlocks(await learningActivity(ctx, { groupName: input.group, days: input.days ?? 30 })),
    );
  },
});

/** `/ub courses [--group <name>] [--days 30]` */
export const coursesSubcommand = defineSubcommand({
  name: 'courses',
  ...period,
  summary: 'The courses people are taking: active, enrolled and completed in a period.',
  details: ['`/ub courses show <course>` lists who is taking one.'],
  handle: async (request, input, ctx) => {
    await request.reply(
      courseListBlocks(await courseInsights(ctx, { groupName: input.group, days: input.days ?? 30 })),
    );
  },
});

/** `/ub courses show <course> [--group <name>]` */
export const coursesShowSubcommand = defineSubcommand({
  name: 'courses show',
  usage: '<course id or title> [--group <name>]',
  summary: 'Who is taking a course, with their progress, 20 a page.',
  details: ['Group admins see the people of the groups they manage.'],
  permission: 'insights.view',
  reply: 'ephemeral',
  positionals: [{ name: 'course', mayHaveSpaces: true }],
  flags: { group: { takesValue: true, mayHaveSpaces: true } },
  schema: z.object({ course: textArg({ max: 200, what: 'a course id or title' }), group: groupArg.optional() }),
  handle: async (request, input, ctx) => {
    const page = await courseLearners(ctx, { course: input.course, groupName: input.group, limit: LEARNER_PAGE });
    const value = { c: page.course.id, ...(input.group !== undefined ? { g: input.group } : {}) };
    await request.reply(courseLearnersBlocks({ page, value, pageNumber: 1 }));
  },
});

export const courseLearnersPageAction = defineAction({
  actionId: COURSE_LEARNERS_ACTION_ID,
  value: z.object({
    c: z.string().max(200),
    g: z.string().max(200).optional(),
    a: z.string().max(1000).optional(),
    p: z.number().int().min(1).max(100_000),
  }),
  handle: async (request, value, ctx) => {
    const page = await courseLearners(ctx, {
      course: value.c,
      groupName: value.g,
      after: value.a,
      limit: LEARNER_PAGE,
    });
    const next = { c: value.c, ...(value.g !== undefined ? { g: value.g } : {}) };
    await request.reply({ ...courseLearnersBlocks({ page, value: next, pageNumber: value.p }), replaceOriginal: true });
  },
});
