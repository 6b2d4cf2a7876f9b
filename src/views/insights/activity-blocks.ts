import type { KnownBlock } from '@slack/types';
import type { CourseLearnerPage, CourseReport } from '../../services/insights/course-insights.js';
import type { ActivityReport, CourseFigures } from '../../services/insights/learning-activity.js';
import { count, formatNumber } from '../../plural.js';
import { slackDate } from '../format.js';
import { escapeMrkdwn, linesWithin, truncate } from '../mrkdwn.js';

/** Next under `/ub courses show`: the course, the group, the cursor and the page number travel in the value. */
export const COURSE_LEARNERS_ACTION_ID = 'courses.learners';

export interface CourseLearnersValue {
  c: string;
  g?: string;
  a?: string;
  p: number;
}

const e = escapeMrkdwn;

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '–';
}

function scopeWords(groupName: string | undefined, days: number): string {
  return `${groupName ? `in ${e(truncate(groupName, 100))}` : 'in the organization'}, last ${count(days, 'day')}`;
}

function courseLine(c: CourseFigures): string {
  return `• *${e(truncate(c.title, 150))}* — ${formatNumber(c.active)} active · ${formatNumber(c.enrolled)} enrolled · ${formatNumber(c.completed)} completed`;
}

/** `/ub activity`: active people against the licensed, top courses, and the groups compared. */
export function activityBlocks(report: ActivityReport): { text: string; blocks: KnownBlock[] } {
  const headline = `*${formatNumber(report.active)}* of ${formatNumber(report.licensed)} licensed people were active (${share(report.active, report.licensed)}) ${scopeWords(report.groupName, report.days)}.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: linesWithin(
          [
            '*Top courses*',
            ...(report.topCourses.length > 0
              ? report.topCourses.map(courseLine)
              : ['No course activity in the period.']),
          ],
          3000,
        ),
      },
    },
  ];
  if (report.groups.length > 0)
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: linesWithin(
          [
            '*Groups compared* (active of their members)',
            ...report.groups.map(
              (g) =>
                `• ${e(truncate(g.name, 100))}: ${formatNumber(g.active)} of ${formatNumber(g.members)} (${share(g.active, g.members)})`,
            ),
          ],
          3000,
        ),
      },
    });
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Active: enrolled, watched or completed a lecture, or completed a course in the period. Licensed: members now, and people deactivated since the period began.',
      },
    ],
  });
  return { text: truncate(headline.replace(/\*/g, ''), 3000), blocks };
}

/** `/ub courses`: the courses people are taking in the period. */
export function courseListBlocks(report: CourseReport): { text: string; blocks: KnownBlock[] } {
  const head = `*Courses ${scopeWords(report.groupName, report.days)}*`;
  const lines = report.courses.length > 0 ? report.courses.map(courseLine) : ['No course activity in the period.'];
  if (report.more > 0) lines.push(`_…and ${count(report.more, 'more course')}_`);
  return {
    text: truncate(
      `Courses ${scopeWords(report.groupName, report.days)}: ${report.courses.length + report.more}`,
      3000,
    ),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: linesWithin([head, ...lines], 3000) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '`/ub courses show` with a course id or title lists who is taking it.' }],
      },
    ],
  };
}

/** `/ub courses show`: a page of the people taking a course, with Next. */
export function courseLearnersBlocks(input: {
  page: CourseLearnerPage;
  value: Omit<CourseLearnersValue, 'a' | 'p'>;
  pageNumber: number;
}): { text: string; blocks: KnownBlock[] } {
  const { page } = input;
  const head = `*${e(truncate(page.course.title, 150))}*${page.groupName ? ` in ${e(truncate(page.groupName, 100))}` : ''} — page ${input.pageNumber}`;
  const lines =
    page.learners.length === 0
      ? ['Nobody here is taking it.']
      : page.learners.map(
          (l) =>
            `• ${e(l.email)} — ${l.completedAt ? `completed ${slackDate(l.completedAt)}` : `${Math.round(l.progress)}%`} · since ${slackDate(l.enrolledAt)} · last ${slackDate(l.lastActivityAt)}`,
        );
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: linesWithin([head, ...lines], 3000) } },
  ];
  if (page.hasNext && page.next !== undefined) {
    const value: CourseLearnersValue = { ...input.value, a: page.next, p: input.pageNumber + 1 };
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: `${COURSE_LEARNERS_ACTION_ID}:next`,
          text: { type: 'plain_text', text: 'Next →' },
          value: JSON.stringify(value),
        },
      ],
    });
  }
  return { text: truncate(`${e(truncate(page.course.title, 150))}: page ${input.pageNumber}`, 3000), blocks };
}
