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

/**
 * An event id seen (`_id` `<orgId>:e:<sender's id>`, as the event's), written before the event is
 * applied: one insert of the batch's receipts replaces an `_id` read per event. A receipt says the
 * id was seen, not that its effects were written: the stored event (written last) says that, and
 * is read only for the ids whose receipt already existed (decision 045).
 */
export interface ActivityReceiptDoc {
  _id: string;
  orgId: string;
}

const activityReceiptSchema = new Schema<ActivityReceiptDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
  },
  { versionKey: false },
);

/**
 * A course in a person's list: its id; entries written before decision 045 also hold the
 * progress the enrollment row now holds.
 */
export interface LearnerCourseEntry {
  courseId: string;
  title?: string;
  progress?: number;
  enrolledAt?: Date;
  lastActivityAt?: Date;
  completedAt?: Date;
  lectures?: string[];
}

/**
 * The courses a person has taken, in one document read by `_id` (personKey), keyed by
 * courseKey(courseId): `/ub user` and App Home read it, then each course's enrollment row by `_id`
 * (decision 045). Since decision 045 a course's entry holds its `courseId` alone, written once (a
 * later event of the course rewrites the same value, which FerretDB does not even write back);
 * entries written before carry the other fields too, read where the enrollment row lacks them.
 */
export interface LearnerCoursesDoc {
  _id: string;
  orgId: string;
  email: string;
  courses: Record<string, LearnerCourseEntry>;
  /** Written by entries from before decision 045 only. */
  updatedAt?: Date;
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

export function activityReceiptModel(connection: Connection) {
  return connection.model<ActivityReceiptDoc>('ActivityReceipt', activityReceiptSchema, 'activity_receipts');
}

export function learnerCoursesModel(connection: Connection) {
  return connection.model<LearnerCoursesDoc>('LearnerCourses', learnerCoursesSchema, 'learner_courses');
}

/**
 * One person in one course (`_id` `<personKey>:<courseKey>`), for `/ub user` (decision 045) and the course and activity insights:
 * aggregations on `{ orgId, lastActivityAt }`, `{ orgId, enrolledAt }`, `{ orgId, completedAt }` and
 * `{ orgId, courseId }` (indexed on MongoDB). `groupIds` are the person's groups when they were last
 * active in the course: what group views of course activity count.
 */
export interface EnrollmentDoc {
  _id: string;
  orgId: string;
  email: string;
  courseId: string;
  title: string | undefined;
  groupIds: string[];
  progress: number;
  enrolledAt: Date;
  lastActivityAt: Date;
  completedAt: Date | undefined;
  /** Lectures reported completed (ids). */
  lectures: string[] | undefined;
}

const enrollmentSchema = new Schema<EnrollmentDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    courseId: { type: String, required: true },
    title: { type: String },
    groupIds: { type: [String], default: [] },
    progress: { type: Number, default: 0 },
    enrolledAt: { type: Date, required: true },
    lastActivityAt: { type: Date, required: true },
    completedAt: { type: Date },
    lectures: { type: [String], default: undefined },
  },
  { versionKey: false },
);
enrollmentSchema.index({ orgId: 1, lastActivityAt: 1 });
enrollmentSchema.index({ orgId: 1, enrolledAt: 1 });
enrollmentSchema.index({ orgId: 1, completedAt: 1 });
enrollmentSchema.index({ orgId: 1, courseId: 1, _id: 1 });

export function enrollmentModel(connection: Connection) {
  return connection.model<EnrollmentDoc>('Enrollment', enrollmentSchema, 'enrollments');
}

/** A course as the platform last named it (`_id` `<orgId>:<courseKey>`): titles are read by `_id`. */
export interface CourseDoc {
  _id: string;
  orgId: string;
  courseId: string;
  title: string;
}

const courseSchema = new Schema<CourseDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    courseId: { type: String, required: true },
    title: { type: String, required: true },
  },
  { versionKey: false },
);

export function courseModel(connection: Connection) {
  return connection.model<CourseDoc>('Course', courseSchema, 'courses');
}
