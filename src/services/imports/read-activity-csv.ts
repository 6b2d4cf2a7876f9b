import { createHash } from 'node:crypto';
import { z } from 'zod';
import { emailSchema } from '../email.js';
import { readCsvTable } from './read-csv-table.js';
import type { RowProblem } from './read-import-csv.js';

/**
 * The columns of an activity import: ub's User course activity report (decision 039) and the
 * Udemy Business user course activity report's names for the same fields, in any case.
 */
const ACTIVITY_COLUMNS = {
  email: ['email', 'email address', 'user email'],
  courseId: ['course id'],
  courseTitle: ['course title'],
  enrolled: ['enrolled', 'course enroll date', 'enroll date'],
  lastActivity: ['last activity', 'last accessed date', 'last activity date'],
  completed: ['completed', 'course completion date', 'completion date'],
  progress: ['% complete', 'completion ratio', 'progress'],
} as const;
type ActivityColumn = keyof typeof ACTIVITY_COLUMNS;

/** Columns of those reports that say nothing about learning: read past. */
const IGNORED = ['groups', 'user groups', 'first name', 'surname', 'name', 'user name', 'user surname', 'role'];

export const ACTIVITY_EXPECTED_COLUMNS =
  '`Email address`, `Course ID` and `Enrolled`, and any of `Course title`, `Last activity`, `Completed`, `% complete`';

/** One row of an activity file, parsed. `row` is its line (the header is row 1). */
export interface ActivityRow {
  row: number;
  email: string;
  courseId: string;
  courseTitle: string | undefined;
  enrolledAt: Date;
  lastActivityAt: Date | undefined;
  completedAt: Date | undefined;
  progress: number | undefined;
}

/** A day (YYYY-MM-DD, UTC midnight) or an ISO 8601 date and time with its offset, as the reports write them. */
const dateCell = (what: string) =>
  z
    .string()
    .optional()
    .transform((cell, ctx) => {
      const text = (cell ?? '').trim();
      if (!text) return undefined;
      const date = /^\d{4}-\d{2}-\d{2}$/.test(text)
        ? new Date(`${text}T00:00:00Z`)
        : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)
          ? new Date(text.replace(' ', 'T'))
          : undefined;
      if (!date || Number.isNaN(date.getTime())) {
        ctx.addIssue({
          code: 'custom',
          message: `${what} “${text}” is not a date (YYYY-MM-DD or ISO 8601 with its offset)`,
        });
        return z.NEVER;
      }
      return date;
    });

const rowSchema = z.object({
  email: z.string({ error: 'the email cell is empty' }).trim().min(1, 'the email cell is empty').pipe(emailSchema),
  courseId: z
    .string({ error: 'the course id cell is empty' })
    .trim()
    .min(1, 'the course id cell is empty')
    .max(200, 'the course id is longer than 200 characters'),
  courseTitle: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .pipe(z.string().max(300, 'the course title is longer than 300 characters').optional()),
  enrolled: dateCell('enrolled').pipe(z.date({ error: 'the enrolled cell is empty' })),
  lastActivity: dateCell('last activity'),
  completed: dateCell('completed'),
  progress: z
    .string()
    .optional()
    .transform((cell, ctx) => {
      const text = (cell ?? '').trim().replace(/%$/, '').trim();
      if (!text) return undefined;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0 || value > 100) {
        ctx.addIssue({ code: 'custom', message: `% complete “${cell}” is not a number from 0 to 100` });
        return z.NEVER;
      }
      return value;
    }),
});

/**
 * Reads an activity file (readCsvTable: UTF-8, `,` `;` or tab, at most 20 MB and 100,000 rows).
 * A problem with the file is thrown, naming it (a wrong header, the expected columns); a bad row is
 * listed with its reason and the others kept.
 */
export function readActivityCsv(bytes: Buffer): { rows: ActivityRow[]; problems: RowProblem[] } {
  const records = readCsvTable<ActivityColumn>(bytes, {
    columns: ACTIVITY_COLUMNS,
    key: 'email',
    ignored: IGNORED,
    expected: ACTIVITY_EXPECTED_COLUMNS,
  });
  const rows: ActivityRow[] = [];
  const problems: RowProblem[] = [];
  for (const { row, cells, overflow } of records) {
    const email = cells.email?.trim() ?? '';
    if (overflow !== undefined) {
      problems.push({ row, email, reason: overflow });
      continue;
    }
    const parsed = rowSchema.safeParse(cells);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const reason =
        issue?.path[0] === 'email' && issue.message.startsWith('is ') ? `the email ${issue.message}` : issue?.message;
      problems.push({ row, email, reason: reason ?? 'not readable' });
      continue;
    }
    const { data } = parsed;
    rows.push({
      row,
      email: data.email,
      courseId: data.courseId,
      courseTitle: data.courseTitle,
      enrolledAt: data.enrolled,
      lastActivityAt: data.lastActivity,
      completedAt: data.completed,
      progress: data.progress,
    });
  }
  return { rows, problems };
}

/** An activity event as `POST /api/v1/activity` takes it. */
export interface RawActivityEvent {
  id: string;
  type: 'enrolled' | 'lecture_progress' | 'course_completed';
  email: string;
  courseId: string;
  courseTitle?: string;
  lectureId?: string;
  progress?: number;
  at: string;
}

/** The lecture a progress event from a file names: the reports give a course's progress, not its lectures. */
export const FILE_LECTURE_ID = 'course progress (CSV import)';

/**
 * The learning events a row stands for, each with an id derived from what it says (so the same row
 * imported again, or the same fact in a later file, is a duplicate, not a second event): the
 * enrollment; the progress (at the last activity) when some was made short of completion; the completion.
 */
export function activityRowEvents(row: ActivityRow): RawActivityEvent[] {
  const base = {
    email: row.email,
    courseId: row.courseId,
    ...(row.courseTitle ? { courseTitle: row.courseTitle } : {}),
  };
  const events: RawActivityEvent[] = [
    { id: eventId(row, 'enrolled', row.enrolledAt), type: 'enrolled', ...base, at: row.enrolledAt.toISOString() },
  ];
  if (row.progress !== undefined && row.progress > 0 && row.progress < 100) {
    const at = row.lastActivityAt ?? row.enrolledAt;
    events.push({
      id: eventId(row, `progress:${row.progress}`, at),
      type: 'lecture_progress',
      ...base,
      lectureId: FILE_LECTURE_ID,
      progress: row.progress,
      at: at.toISOString(),
    });
  }
  if (row.completedAt !== undefined)
    events.push({
      id: eventId(row, 'completed', row.completedAt),
      type: 'course_completed',
      ...base,
      at: row.completedAt.toISOString(),
    });
  return events;
}

function eventId(row: ActivityRow, what: string, at: Date): string {
  const digest = createHash('sha256')
    .update([row.email, row.courseId, what, at.toISOString()].join('\n'))
    .digest('hex')
    .slice(0, 40);
  return `csv:${digest}`;
}
