import { z } from 'zod';
import { emailSchema } from '../email.js';
import { ACTIVITY_TYPES, type ActivityType } from '../models/activity.js';

/** Events per request: the endpoint refuses more, so one request is a bounded amount of work. */
export const MAX_ACTIVITY_EVENTS = 1000;

/** An event may say it happened a little in the future (clocks differ), not more. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

const text = (max: number) => z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);

/** One learning event as the learning platform sends it; course fields where the type needs them. */
export const activityEventSchema = z
  .object({
    id: text(200).optional(),
    type: z.enum(ACTIVITY_TYPES, { error: `is not one of ${ACTIVITY_TYPES.join(', ')}` }),
    email: emailSchema,
    courseId: text(200).optional(),
    courseTitle: text(300).optional(),
    lectureId: text(200).optional(),
    progress: z.number({ error: 'is not a number' }).min(0, 'is below 0').max(100, 'is above 100').optional(),
    at: z.iso.datetime({ offset: true, error: 'is not an ISO 8601 date and time' }),
  })
  .superRefine((event, check) => {
    if (event.type !== 'login' && event.courseId === undefined)
      check.addIssue({ code: 'custom', path: ['courseId'], message: `is required for ${event.type}` });
    if ((event.type === 'lecture_progress' || event.type === 'lecture_completed') && event.lectureId === undefined)
      check.addIssue({ code: 'custom', path: ['lectureId'], message: `is required for ${event.type}` });
  });

export interface ActivityEvent {
  id: string | undefined;
  type: ActivityType;
  email: string;
  courseId: string | undefined;
  courseTitle: string | undefined;
  lectureId: string | undefined;
  progress: number | undefined;
  at: Date;
}

export interface RejectedEvent {
  index: number;
  field: string;
  reason: string;
}

/** An event parsed, or why not (the first problem: the field and what is wrong with it). */
export function parseActivityEvent(
  raw: unknown,
  index: number,
  now: Date,
): { event: ActivityEvent } | { rejected: RejectedEvent } {
  const parsed = activityEventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'event';
    const reason = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
    return { rejected: { index, field, reason } };
  }
  const at = new Date(parsed.data.at);
  if (at.getTime() > now.getTime() + FUTURE_SKEW_MS)
    return { rejected: { index, field: 'at', reason: 'is in the future' } };
  return {
    event: {
      id: parsed.data.id,
      type: parsed.data.type,
      email: parsed.data.email,
      courseId: parsed.data.courseId,
      courseTitle: parsed.data.courseTitle,
      lectureId: parsed.data.lectureId,
      progress: parsed.data.progress,
      at,
    },
  };
}
