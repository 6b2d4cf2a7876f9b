import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { memberFunnelStep, personKey } from '../domain.js';
import { onlyDuplicateKeys } from '../errors.js';
import { funnelIncrements, moveFunnel } from '../funnel-counter-repository.js';
import { joinFromInvitation } from '../invitations/join-repository.js';
import { courseKey, type ActivityEventDoc } from '../models/activity.js';
import type { UserDoc } from '../models/user.js';
import { writeMemberIndexed } from '../search/member-index-repository.js';
import { parseActivityEvent, type ActivityEvent, type RejectedEvent } from './activity-event.js';

export interface ActivityResult {
  applied: number;
  duplicates: number;
  rejected: RejectedEvent[];
}

interface Accepted {
  index: number;
  event: ActivityEvent;
  _id: string;
}

const MEMBER_FIELDS = {
  email: 1,
  firstName: 1,
  surname: 1,
  status: 1,
  role: 1,
  licenseType: 1,
  groupIds: 1,
  joinedAt: 1,
  firstEnrollmentAt: 1,
  firstLectureAt: 1,
  lastActivityAt: 1,
} as const;

type Member = Pick<
  UserDoc,
  | '_id'
  | 'email'
  | 'firstName'
  | 'surname'
  | 'status'
  | 'role'
  | 'licenseType'
  | 'groupIds'
  | 'joinedAt'
  | 'firstEnrollmentAt'
  | 'firstLectureAt'
  | 'lastActivityAt'
>;

/**
 * Applies a batch of learning events from the learning platform (decision 022). Each event is
 * checked on its own: malformed ones and ones naming nobody ub knows are rejected with the field
 * and the reason, the others applied. An event id seen before is a duplicate and changes nothing;
 * everything an event changes is idempotent (dates by `$min`/`$max`, progress by `$max`, funnel
 * steps moved by what the person's own atomic write returned), and the events are stored last, so
 * a batch cut short by a crash and sent again is applied in full, once.
 *
 * A `login` of someone with a pending invitation accepts it (they joined). Events of deactivated
 * people are kept with their courses but move neither their dates nor the funnel.
 */
export async function recordActivity(ctx: ServiceContext, rawEvents: readonly unknown[]): Promise<ActivityResult> {
  const now = ctx.now();
  const rejected: RejectedEvent[] = [];
  const accepted: Accepted[] = [];
  const seenIds = new Set<string>();
  let duplicates = 0;
  rawEvents.forEach((raw, index) => {
    const parsed = parseActivityEvent(raw, index, now);
    if ('rejected' in parsed) return void rejected.push(parsed.rejected);
    const { event } = parsed;
    if (event.id !== undefined) {
      if (seenIds.has(event.id)) return void (duplicates += 1);
      seenIds.add(event.id);
    }
    const _id = event.id !== undefined ? `${ctx.orgId}:e:${event.id}` : `${ctx.orgId}:r:${randomUUID()}`;
    accepted.push({ index, event, _id });
  });

  const known = await Promise.all(
    accepted.map((a) =>
      a.event.id === undefined ? null : ctx.store.activityEvents.findById(a._id).select({ _id: 1 }).lean().exec(),
    ),
  );
  const fresh = accepted.filter((_, i) => !known[i]);
  duplicates += accepted.length - fresh.length;

  const byPerson = new Map<string, Accepted[]>();
  for (const a of fresh) byPerson.set(a.event.email, [...(byPerson.get(a.event.email) ?? []), a]);
  const members = await resolveMembers(ctx, byPerson);

  const toStore: ActivityEventDoc[] = [];
  await Promise.all(
    [...byPerson].map(async ([email, events]) => {
      const member = members.get(email);
      if (!member) {
        for (const a of events)
          rejected.push({
            index: a.index,
            field: 'email',
            reason: 'names nobody in ub (not a member, and no pending invitation it could accept)',
          });
        return;
      }
      const counted = member.status === 'active';
      if (counted) await advanceMember(ctx, member, events);
      await recordCourses(ctx, email, events);
      for (const a of events) toStore.push(eventDoc(ctx, a, counted, now));
    }),
  );
  const duplicatesOnInsert = await storeEvents(ctx, toStore);
  rejected.sort((a, b) => a.index - b.index);
  return { applied: toStore.length - duplicatesOnInsert, duplicates: duplicates + duplicatesOnInsert, rejected };
}

/**
 * The members the events name (one `_id` read each). Someone with a pending invitation and a
 * `login` among their events joins here, at the time of their first login.
 */
async function resolveMembers(ctx: ServiceContext, byPerson: Map<string, Accepted[]>): Promise<Map<string, Member>> {
  const read = (email: string) =>
    ctx.store.users.findById(personKey(ctx.orgId, email)).select(MEMBER_FIELDS).lean<Member>().exec();
  const members = new Map<string, Member>();
  await Promise.all(
    [...byPerson].map(async ([email, events]) => {
      let member = await read(email);
      const login = firstAt(events, (e) => e.type === 'login');
      if (!member && login) {
        await joinFromInvitation(ctx, email, { slackUserId: undefined, realName: undefined, at: login });
        member = await read(email);
      }
      if (member) members.set(email, member);
    }),
  );
  return members;
}

/**
 * Fills the member's dates from their events and moves them along the funnel: one write by `_id`
 * (`$min` of the first dates, `$max` of the last activity), whose returned earlier state says which
 * steps this write crossed, so the counters move exactly by what it changed.
 */
async function advanceMember(ctx: ServiceContext, member: Member, events: Accepted[]): Promise<void> {
  const joinedAt = firstAt(events, (e) => e.type === 'login');
  const firstLectureAt = firstAt(events, (e) => e.type === 'lecture_progress' || e.type === 'lecture_completed');
  // Any course event means an enrollment: a lecture cannot be watched without one.
  const firstEnrollmentAt = firstAt(events, (e) => e.type !== 'login');
  const lastActivityAt = lastAt(events, (e) => e.type !== 'login');
  const $min: Record<string, Date> = {};
  const $max: Record<string, Date> = {};
  if (joinedAt && !(member.joinedAt && member.joinedAt <= joinedAt)) $min.joinedAt = joinedAt;
  if (firstEnrollmentAt && !(member.firstEnrollmentAt && member.firstEnrollmentAt <= firstEnrollmentAt))
    $min.firstEnrollmentAt = firstEnrollmentAt;
  if (firstLectureAt && !(member.firstLectureAt && member.firstLectureAt <= firstLectureAt))
    $min.firstLectureAt = firstLectureAt;
  if (lastActivityAt && !(member.lastActivityAt && member.lastActivityAt >= lastActivityAt))
    $max.lastActivityAt = lastActivityAt;
  if (Object.keys($min).length === 0 && Object.keys($max).length === 0) return;
  const update = {
    ...(Object.keys($min).length > 0 ? { $min } : {}),
    ...(Object.keys($max).length > 0 ? { $max } : {}),
  };
  const write = () =>
    ctx.store.users
      // No projection: FerretDB 1.24's findAndModify does not take one.
      .findOneAndUpdate({ _id: member._id }, update, { returnDocument: 'before' })
      .lean()
      .exec();
  const predicted = { ...member, ...$min };
  const before =
    memberFunnelStep(predicted) === memberFunnelStep(member)
      ? await write()
      : await writeMemberIndexed(ctx.store, ctx.orgId, { before: member, after: predicted }, write);
  if (!before) return;
  const after = {
    status: before.status,
    firstEnrollmentAt: earliest(before.firstEnrollmentAt, $min.firstEnrollmentAt),
    firstLectureAt: earliest(before.firstLectureAt, $min.firstLectureAt),
  };
  await moveFunnel(ctx.store, ctx.orgId, before.groupIds, funnelIncrements(before, after));
}

/** The person's courses: progress, first enrollment, last activity, completion, completed lectures. */
async function recordCourses(ctx: ServiceContext, email: string, events: Accepted[]): Promise<void> {
  const $min: Record<string, Date> = {};
  const $max: Record<string, Date | number> = {};
  const $set: Record<string, unknown> = { updatedAt: ctx.now() };
  const $addToSet: Record<string, { $each: string[] }> = {};
  for (const { event } of events) {
    if (event.courseId === undefined) continue;
    const path = `courses.${courseKey(event.courseId)}`;
    $set[`${path}.courseId`] = event.courseId;
    if (event.courseTitle !== undefined) $set[`${path}.title`] = event.courseTitle;
    $min[`${path}.enrolledAt`] = minDate($min[`${path}.enrolledAt`], event.at);
    $max[`${path}.lastActivityAt`] = maxDate($max[`${path}.lastActivityAt`] as Date | undefined, event.at);
    const progress = event.type === 'course_completed' ? 100 : event.progress;
    if (progress !== undefined) $max[`${path}.progress`] = Math.max(Number($max[`${path}.progress`] ?? 0), progress);
    if (event.type === 'course_completed') $min[`${path}.completedAt`] = minDate($min[`${path}.completedAt`], event.at);
    if (event.type === 'lecture_completed' && event.lectureId !== undefined)
      ($addToSet[`${path}.lectures`] ??= { $each: [] }).$each.push(event.lectureId);
  }
  if (Object.keys($min).length === 0) return;
  await ctx.store.learnerCourses
    .updateOne(
      { _id: personKey(ctx.orgId, email) },
      {
        $setOnInsert: { orgId: ctx.orgId, email },
        $set,
        $min,
        $max,
        ...(Object.keys($addToSet).length > 0 ? { $addToSet } : {}),
      },
      { upsert: true },
    )
    .exec();
}

/** Stores the events (lean: every field is given); returns how many another request stored first. */
async function storeEvents(ctx: ServiceContext, docs: ActivityEventDoc[]): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    await ctx.store.activityEvents.insertMany(docs, { ordered: false, lean: true });
    return 0;
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    // The same batch arriving twice at once: both applied it (idempotently), one stored it.
    return (error as { writeErrors?: unknown[] }).writeErrors?.length ?? 0;
  }
}

function eventDoc(ctx: ServiceContext, a: Accepted, counted: boolean, receivedAt: Date): ActivityEventDoc {
  return {
    _id: a._id,
    orgId: ctx.orgId,
    email: a.event.email,
    type: a.event.type,
    courseId: a.event.courseId,
    courseTitle: a.event.courseTitle,
    lectureId: a.event.lectureId,
    progress: a.event.progress,
    at: a.event.at,
    receivedAt,
    counted,
  };
}

function firstAt(events: Accepted[], which: (e: ActivityEvent) => boolean): Date | undefined {
  return events.filter((a) => which(a.event)).reduce<Date | undefined>((m, a) => minDate(m, a.event.at), undefined);
}

function lastAt(events: Accepted[], which: (e: ActivityEvent) => boolean): Date | undefined {
  return events.filter((a) => which(a.event)).reduce<Date | undefined>((m, a) => maxDate(m, a.event.at), undefined);
}

const minDate = (a: Date | undefined, b: Date): Date => (a && a <= b ? a : b);
const maxDate = (a: Date | undefined, b: Date): Date => (a && a >= b ? a : b);
const earliest = (a: Date | undefined, b: Date | undefined): Date | undefined => (a && b ? minDate(a, b) : (a ?? b));
