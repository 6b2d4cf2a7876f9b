import type { Store } from '../store.js';
import type { EnrollmentDoc, LearnerCourseEntry } from '../models/activity.js';

/** A course as a person's own view shows it (`/ub user`, App Home). */
export interface LearnerCourse {
  courseId: string;
  title: string;
  /** 0-100, the highest reported. */
  progress: number;
  enrolledAt: Date | undefined;
  lastActivityAt: Date | undefined;
  completedAt: Date | undefined;
  lecturesCompleted: number;
}

/**
 * A person's courses, the most recently active first: their course list by `_id`, then each
 * course's enrollment row by `_id`, all at once (decision 045). The ingestion lists a course after
 * writing its row; an entry written before decision 045 holds progress itself, merged with the
 * row's. An entry with neither is left out.
 */
export async function readLearnerCourses(store: Store, personId: string): Promise<LearnerCourse[]> {
  const list = await store.learnerCourses.findById(personId).lean().exec();
  const entries = Object.entries(list?.courses ?? {});
  const rows = await Promise.all(
    entries.map(([key]) => store.enrollments.findById(`${personId}:${key}`).lean<EnrollmentDoc>().exec()),
  );
  return entries
    .flatMap(([, entry], i) => merged(entry, rows[i] ?? undefined) ?? [])
    .sort((a, b) => (b.lastActivityAt?.getTime() ?? 0) - (a.lastActivityAt?.getTime() ?? 0));
}

function merged(entry: LearnerCourseEntry, row: EnrollmentDoc | undefined): LearnerCourse | undefined {
  const enrolledAt = earliest(row?.enrolledAt, entry.enrolledAt);
  if (!enrolledAt) return undefined;
  const lectures = new Set([...(row?.lectures ?? []), ...(entry.lectures ?? [])]);
  return {
    courseId: entry.courseId,
    title: row?.title ?? entry.title ?? entry.courseId,
    progress: Math.max(row?.progress ?? 0, entry.progress ?? 0),
    enrolledAt,
    lastActivityAt: latest(row?.lastActivityAt, entry.lastActivityAt),
    completedAt: earliest(row?.completedAt ?? undefined, entry.completedAt),
    lecturesCompleted: lectures.size,
  };
}

const earliest = (a: Date | undefined, b: Date | undefined) => (a && b ? (a <= b ? a : b) : (a ?? b));
const latest = (a: Date | undefined, b: Date | undefined) => (a && b ? (a >= b ? a : b) : (a ?? b));
