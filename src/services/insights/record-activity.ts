import { randomUUID } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { memberFunnelStep, personKey } from '../domain.js';
import { duplicateKeyIndexes, onlyDuplicateKeys } from '../errors.js';
import { addIncrements, funnelIncrements } from './funnel-counter-repository.js';
import { joinFromInvitation } from '../invitations/join-repository.js';
import { courseKey, type ActivityEventDoc } from '../models/activity.js';
import type { UserDoc } from '../models/user.js';
import { moveMembersUpFunnel } from '../search/member-index-repository.js';
import { parseActivityEvent, type ActivityEvent, type RejectedEvent } from './activity-event.js';
import { UPDATES_PER_COMMAND } from '../write-limits.js';

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

  // The batch's receipts (one insert) and the people the events name (`_id` reads, not queued
  // behind writes: decision 005), at once. Only an id whose receipt existed is read again.
  const [{ stored, replayed }, read] = await Promise.all([
    writeReceipts(ctx, accepted),
    readMembers(ctx, [...new Set(accepted.map((a) => a.event.email))]),
  ]);
  const fresh = accepted.filter((a) => !stored.has(a._id));
  duplicates += accepted.length - fresh.length;

  const byPerson = new Map<string, Accepted[]>();
  for (const a of fresh) byPerson.set(a.event.email, [...(byPerson.get(a.event.email) ?? []), a]);
  const members = await joinOnLogin(ctx, byPerson, read);

  const toStore: ActivityEventDoc[] = [];
  const advances: Advance[] = [];
  for (const [email, events] of byPerson) {
    const member = members.get(email);
    if (!member) {
      for (const a of events)
        rejected.push({
          index: a.index,
          field: 'email',
          reason: 'names nobody in ub (not a member, and no pending invitation it could accept)',
        });
      continue;
    }
    const counted = member.status === 'active';
    const advance = counted ? planAdvance(member, events) : undefined;
    if (advance) advances.push(advance);
    for (const a of events) toStore.push(eventDoc(ctx, a, counted, now));
  }
  // People crossing a funnel step are written one at a time: the earlier state each write returns
  // says exactly what it moved, for the organization and the groups the person was in at that
  // moment (decision 021), and they move between the search's `fs:` sets around their writes. The
  // others only push dates that move no step: many to a command (decision 033).
  const crossing = advances.filter((a) => memberFunnelStep(a.predicted) !== memberFunnelStep(a.member));
  const steady = advances.filter((a) => !crossing.includes(a));
  const moves: FunnelMoves = new Map();
  const people = [...byPerson].filter(([email]) => members.has(email));
  // One group of writes after the other, and at most WRITES_IN_FLIGHT crossing writes at once: the
  // write front runs writes one at a time anyway (decision 005), and a command waiting in its queue
  // counts against the driver's socket timeout (20 s), which a whole batch fired at once outlasted
  // on PostgreSQL.
  await moveMembersUpFunnel(
    ctx.store,
    ctx.orgId,
    crossing.map((a) => ({ before: a.member, after: a.predicted })),
    async () =>
      (await inFlight(crossing, WRITES_IN_FLIGHT, (a) => applyAdvance(ctx, a, moves))).filter((e): e is string => !!e),
  );
  await bulkUpdate(
    ctx.store,
    'users',
    steady.map((a) => ({ filter: { _id: a.member._id }, update: a.update })),
  );
  const rows = people.flatMap(([email, events]) =>
    enrollmentUpserts(ctx, members.get(email)!, events).map((row) => ({ ...row, email })),
  );
  const newRows = await writeOnce(ctx.store, 'enrollments', rows);
  // An event without an id, or whose receipt an earlier attempt wrote, may follow a crash between a
  // row and its list entry: its courses are listed whatever the rows' insert said.
  const replay = (a: Accepted) => a.event.id === undefined || replayed.has(a._id);
  await writeOnce(
    ctx.store,
    'learnerCourses',
    courseListUpserts(
      ctx,
      rows.filter(
        (row, i) =>
          newRows.has(i) || byPerson.get(row.email)?.some((a) => replay(a) && a.event.courseId === row.courseId),
      ),
    ),
  );
  await recordCourseTitles(
    ctx,
    fresh.filter((a) => members.has(a.event.email)),
  );
  // The batch's funnel moves: one `$inc` for the organization, and one statement per group touched
  // in commands of UPDATES_PER_COMMAND.
  const incs = [...moves].filter(([, inc]) => Object.keys(inc).length > 0);
  const orgInc = incs.find(([scope]) => scope === ORG)?.[1];
  await Promise.all([
    orgInc ? ctx.store.organizations.updateOne({ _id: ctx.orgId }, { $inc: orgInc }).exec() : undefined,
    bulkUpdate(
      ctx.store,
      'groups',
      incs
        .filter(([scope]) => scope !== ORG)
        .map(([scope, inc]) => ({ filter: { _id: scope }, update: { $inc: inc } })),
    ),
  ]);
  const duplicatesOnInsert = await storeEvents(ctx, toStore);
  rejected.sort((a, b) => a.index - b.index);
  return { applied: toStore.length - duplicatesOnInsert, duplicates: duplicates + duplicatesOnInsert, rejected };
}

/**
 * Writes a receipt per event id (one `insertMany`; decision 045) and returns the ids already
 * applied. A receipt that already existed (a duplicate key, by position) names an event seen
 * before, but maybe not applied: a request cut short by a crash, or the same batch being applied
 * right now by another request. The event is stored only after its effects (decision 022), so
 * those ids alone are read: stored means applied; not stored means apply it (again: every effect
 * is idempotent).
 */
async function writeReceipts(
  ctx: ServiceContext,
  accepted: Accepted[],
): Promise<{ stored: Set<string>; replayed: Set<string> }> {
  const withId = accepted.filter((a) => a.event.id !== undefined);
  if (withId.length === 0) return { stored: new Set(), replayed: new Set() };
  let existing: number[] = [];
  try {
    await ctx.store.activityReceipts.insertMany(
      withId.map((a) => ({ _id: a._id, orgId: ctx.orgId })),
      { ordered: false, lean: true },
    );
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    existing = duplicateKeyIndexes(error);
  }
  const docs = await Promise.all(
    existing.map((i) => ctx.store.activityEvents.findById(withId[i]!._id).select({ _id: 1 }).lean().exec()),
  );
  const stored = new Set<string>();
  const replayed = new Set<string>();
  existing.forEach((i, n) => (docs[n] ? stored : replayed).add(withId[i]!._id));
  return { stored, replayed };
}

/** The members the events name: one `_id` read each, all at once. */
async function readMembers(ctx: ServiceContext, emails: string[]): Promise<Map<string, Member>> {
  const docs = await Promise.all(emails.map((email) => readMember(ctx, email)));
  const members = new Map<string, Member>();
  docs.forEach((doc, i) => doc && members.set(emails[i]!, doc));
  return members;
}

function readMember(ctx: ServiceContext, email: string): Promise<Member | null> {
  return ctx.store.users.findById(personKey(ctx.orgId, email)).select(MEMBER_FIELDS).lean<Member>().exec();
}

/**
 * Someone with a pending invitation and a `login` among their fresh events joins here, at the time
 * of their first login; the others are as read.
 */
async function joinOnLogin(
  ctx: ServiceContext,
  byPerson: Map<string, Accepted[]>,
  read: Map<string, Member>,
): Promise<Map<string, Member>> {
  const members = new Map<string, Member>();
  await Promise.all(
    [...byPerson].map(async ([email, events]) => {
      let member = read.get(email) ?? null;
      const login = firstAt(events, (e) => e.type === 'login');
      if (!member && login) {
        await joinFromInvitation(ctx, email, { slackUserId: undefined, realName: undefined, at: login });
        member = await readMember(ctx, email);
      }
      if (member) members.set(email, member);
    }),
  );
  return members;
}

/** Crossing writes sent at once: enough to keep the write front busy, few enough never to queue for long. */
const WRITES_IN_FLIGHT = 8;

/** `fn` over the items, at most `limit` at a time; results in the items' order. */
async function inFlight<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Funnel increments of a batch, by scope (the organization, or a group id). */
type FunnelMoves = Map<string, Record<string, number>>;
const ORG = '';

interface Advance {
  member: Member;
  predicted: Member;
  update: Record<string, Record<string, Date>>;
  $min: Record<string, Date>;
}

/**
 * What the member's events change of their dates (`$min` of the first dates, `$max` of the last
 * activity), or undefined when nothing would change.
 */
function planAdvance(member: Member, events: Accepted[]): Advance | undefined {
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
  if (Object.keys($min).length === 0 && Object.keys($max).length === 0) return undefined;
  const update = {
    ...(Object.keys($min).length > 0 ? { $min } : {}),
    ...(Object.keys($max).length > 0 ? { $max } : {}),
  };
  return { member, predicted: { ...member, ...$min }, update, $min };
}

/**
 * One write by `_id`, whose returned earlier state says which funnel steps it crossed, so the
 * counters move exactly by what it changed: its increments are added to the batch's (`moves`, by
 * organization and group), moved in one `$inc` each once the batch's people are written. Returns
 * the email when the member was written.
 */
async function applyAdvance(ctx: ServiceContext, advance: Advance, moves: FunnelMoves): Promise<string | undefined> {
  // No projection: FerretDB 1.24's findAndModify does not take one.
  const before = await ctx.store.users
    .findOneAndUpdate({ _id: advance.member._id }, advance.update, { returnDocument: 'before' })
    .lean()
    .exec();
  if (!before) return undefined;
  const after = {
    status: before.status,
    firstEnrollmentAt: earliest(before.firstEnrollmentAt, advance.$min.firstEnrollmentAt),
    firstLectureAt: earliest(before.firstLectureAt, advance.$min.firstLectureAt),
  };
  const inc = funnelIncrements(before, after);
  if (Object.keys(inc).length > 0)
    for (const scope of [ORG, ...new Set(before.groupIds)])
      moves.set(scope, addIncrements(moves.get(scope) ?? {}, inc));
  return advance.member.email;
}

/**
 * The people's course lists (`learner_courses`, by `_id`): each course's id, one statement per
 * person. Only rows the batch created are listed, and those of events that may follow a crash: a
 * later event of a known course writes nothing here. The progress lives in the enrollment rows,
 * which `/ub user` reads by `_id` from this list (decision 045). Written after the rows: a listed
 * course always has its row.
 */
function courseListUpserts(ctx: ServiceContext, rows: EnrollmentUpsert[]): Upsert[] {
  const byPerson = new Map<string, Record<string, string>>();
  for (const row of rows) {
    const $set = byPerson.get(row.email) ?? {};
    $set[`courses.${courseKey(row.courseId)}.courseId`] = row.courseId;
    byPerson.set(row.email, $set);
  }
  return [...byPerson].map(([email, $set]) => ({
    filter: { _id: personKey(ctx.orgId, email) },
    update: { $setOnInsert: { orgId: ctx.orgId, email }, $set },
  }));
}

/** An enrollment row's upsert, with the person (as the events name them) and course it is for. */
interface EnrollmentUpsert extends Upsert {
  email: string;
  courseId: string;
}

/**
 * One upsert by `_id` per course the events touch: what the course insights aggregate and `/ub
 * user` shows. Idempotent like the rest (`$min` of the first dates, `$max` of progress and last
 * activity, `$addToSet` of the lectures completed).
 */
function enrollmentUpserts(ctx: ServiceContext, member: Member, events: Accepted[]): EnrollmentUpsert[] {
  const byCourse = new Map<string, ActivityEvent[]>();
  for (const { event } of events)
    if (event.courseId !== undefined) byCourse.set(event.courseId, [...(byCourse.get(event.courseId) ?? []), event]);
  return [...byCourse].map(([courseId, list]) => {
    const first = list.reduce<Date | undefined>((m, e) => minDate(m, e.at), undefined)!;
    const last = list.reduce<Date | undefined>((m, e) => maxDate(m, e.at), undefined)!;
    const progress = Math.max(0, ...list.map((e) => (e.type === 'course_completed' ? 100 : (e.progress ?? 0))));
    const completed = list.filter((e) => e.type === 'course_completed').map((e) => e.at);
    const title = list.findLast((e) => e.courseTitle !== undefined)?.courseTitle;
    const lectures = list.flatMap((e) =>
      e.type === 'lecture_completed' && e.lectureId !== undefined ? [e.lectureId] : [],
    );
    return {
      email: member.email,
      courseId,
      filter: { _id: `${member._id}:${courseKey(courseId)}` },
      update: {
        $set: {
          orgId: ctx.orgId,
          email: member.email,
          courseId,
          groupIds: member.groupIds,
          ...(title ? { title } : {}),
        },
        $min: {
          enrolledAt: first,
          ...(completed.length > 0 ? { completedAt: completed.reduce((x, y) => minDate(x, y)) } : {}),
        },
        $max: { lastActivityAt: last, progress },
        ...(lectures.length > 0 ? { $addToSet: { lectures: { $each: lectures } } } : {}),
      },
    };
  });
}

/** An update (or upsert) by `_id`, sent with others in bulk. */
interface Upsert {
  filter: { _id: string };
  update: Record<string, unknown>;
}

/**
 * Updates by `_id`, many to a command: a command costs one turn of the write front (decision
 * 005) whatever it carries, a statement only its own work.
 */
async function bulkUpdate(
  store: ServiceContext['store'],
  collection: 'users' | 'groups' | 'learnerCourses' | 'enrollments' | 'courses',
  updates: Upsert[],
  upsert = false,
): Promise<void> {
  for (let first = 0; first < updates.length; first += UPDATES_PER_COMMAND) {
    const ops = updates
      .slice(first, first + UPDATES_PER_COMMAND)
      .map((u) => ({ updateOne: { filter: u.filter, update: u.update, upsert } }));
    if (collection === 'users') await store.users.bulkWrite(ops, { ordered: false });
    else if (collection === 'groups') await store.groups.bulkWrite(ops, { ordered: false });
    else if (collection === 'learnerCourses') await store.learnerCourses.bulkWrite(ops, { ordered: false });
    else if (collection === 'enrollments') await store.enrollments.bulkWrite(ops, { ordered: false });
    else await store.courses.bulkWrite(ops, { ordered: false });
  }
}

/**
 * Upserts written as plain inserts of the documents they would create, in one `insertMany`: a
 * document that is new (a person's first course, a first enrollment) costs an insert, far cheaper
 * than an update on FerretDB. Those that exist already (the insert's duplicate-key errors, by
 * position) get their upsert. The result is the upserts' either way, and stays idempotent: a batch
 * sent twice, or two at once, finds the documents and merges into them (decision 033). Returns
 * the positions of the documents it created.
 */
async function writeOnce(
  store: ServiceContext['store'],
  collection: 'learnerCourses' | 'enrollments',
  upserts: Upsert[],
): Promise<Set<number>> {
  if (upserts.length === 0) return new Set();
  const docs = upserts.map((u) => documentOfUpsert(u));
  let existing: number[] = [];
  try {
    if (collection === 'learnerCourses') await store.learnerCourses.insertMany(docs, { ordered: false, lean: true });
    else await store.enrollments.insertMany(docs, { ordered: false, lean: true });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    existing = duplicateKeyIndexes(error);
  }
  await bulkUpdate(
    store,
    collection,
    existing.map((i) => upserts[i]!),
    true,
  );
  const created = new Set(upserts.keys());
  for (const i of existing) created.delete(i);
  return created;
}

/**
 * The document an upsert creates when nothing matches: its `_id`, and every path its `$set`,
 * `$setOnInsert`, `$min`, `$max` and `$addToSet` name, with those values (each path is named once).
 */
export function documentOfUpsert(upsert: Upsert): Record<string, unknown> {
  const doc: Record<string, unknown> = { _id: upsert.filter._id };
  for (const [operator, fields] of Object.entries(upsert.update)) {
    for (const [path, value] of Object.entries(fields as Record<string, unknown>)) {
      const set = operator === '$addToSet' ? [...new Set((value as { $each: unknown[] }).$each)] : value;
      const parts = path.split('.');
      let at = doc;
      for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
      at[parts.at(-1)!] = set;
    }
  }
  return doc;
}

/** Each course's title as the batch last gives it: one upsert by `_id` per course, not per event. */
async function recordCourseTitles(ctx: ServiceContext, events: Accepted[]): Promise<void> {
  const titles = new Map<string, string>();
  for (const { event } of events)
    if (event.courseId !== undefined && event.courseTitle !== undefined) titles.set(event.courseId, event.courseTitle);
  await bulkUpdate(
    ctx.store,
    'courses',
    [...titles].map(([courseId, title]) => ({
      filter: { _id: `${ctx.orgId}:${courseKey(courseId)}` },
      update: { $set: { orgId: ctx.orgId, courseId, title } },
    })),
    true,
  );
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
