import { Schema, type Connection } from 'mongoose';

export const ACTIVITY_TYPES = [
  'login',
  'enrolled',
  'lecture_progress',
  'lecture_completed',
  'course_completed',
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * One learning event the learning platform reported (`POST /api/v1/activity`), kept as sent. `_id`
 * is `<orgId>:e:<sender's id>` when the sender gave one, so the same event twice is one document
 * (the dedupe is the unique `_id`), or `<orgId>:r:<random>` otherwise.
 */
export interface ActivityEventDoc {
  _id: string;
  orgId: string;
  email: string;
  type: ActivityType;
  courseId: string | undefined;
  courseTitle: string | undefined;
  lectureId: string | undefined;
  progress: number | undefined;
  at: Date;
  receivedAt: Date;
  /** False when the person was deactivated: kept, but it moved nothing in the funnel. */
  counted: boolean;
}

const activityEventSchema = new Schema<ActivityEventDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    type: { type: String, required: true },
    courseId: { type: String },
    courseTitle: { type: String },
    lectureId: { type: String },
    progress: { type: Number },
    at: { type: Date, required: true },
    receivedAt: { type: Date, required: true },
    counted: { type: Boolean, required: true },
  },
  { versionKey: false },
);
activityEventSchema.index({ orgId: 1, at: 1 });
activityEventSchema.index({ orgId: 1, email: 1, at: 1 });

/** A person's progress in one course, as their learning events left it. */
export interface CourseProgress {
  courseId: string;
  title: string | undefined;
  /** 0-100, the highest reported. */
  progress: number;
  enrolledAt: Date | undefined;
  lastActivityAt: Date | undefined;
  completedAt: Date | undefined;
  /** Lectures reported completed (ids). */
  lectures: string[];
}

/**
 * Everything a person is taking, in one document read by `_id` (personKey): `/ub user` and App
 * Home read a person's courses with one `_id` read. Courses are keyed by courseKey(courseId).
 */
export interface LearnerCoursesDoc {
  _id: string;
  orgId: string;
  email: string;
  courses: Record<string, CourseProgress>;
  updatedAt: Date;
}

const learnerCoursesSchema = new Schema<LearnerCoursesDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    courses: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date },
  },
  { versionKey: false, minimize: false },
);

/** A course id as a field name: no `.` or `$` (MongoDB paths), reversible. */
export function courseKey(courseId: string): string {
  return encodeURIComponent(courseId).replace(/\./g, '%2E').replace(/\$/g, '%24');
}

export function activityEventModel(connection: Connection) {
  return connection.model<ActivityEventDoc>('ActivityEvent', activityEventSchema, 'activity_events');
}

export function learnerCoursesModel(connection: Connection) {
  return connection.model<LearnerCoursesDoc>('LearnerCourses', learnerCoursesSchema, 'learner_courses');
}
