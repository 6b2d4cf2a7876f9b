import type { ServiceContext } from '../../context.js';
import { courseKey } from '../../models/activity.js';
import type { DigestHighlightsDoc, HighlightCourse, HighlightJoiner } from '../../models/digest-highlights.js';
import { displayName } from '../../people/member-repository.js';
import type { Store } from '../../store.js';
import { ORGANIZATION_SCOPE } from '../funnel-snapshots.js';
import { countPendingCandidates, type PendingCandidates } from './pending-candidates.js';

/** The period a digest's highlights cover: the week before they were counted. */
export const HIGHLIGHT_DAYS = 7;
/** Highlights older than this are counted again before a digest reads them. */
export const HIGHLIGHTS_FRESH_MS = 60 * 60 * 1000;
/**
 * The job counts ahead of the digests when the count is older than this (decision 047): well
 * inside HIGHLIGHTS_FRESH_MS, so digests find a count and never pay for one while the job runs.
 */
export const HIGHLIGHTS_REFRESH_MS = 30 * 60 * 1000;
/** Courses kept per scope (more than a digest shows, so that groups read together still rank well). */
const COURSES_KEPT = 10;
/** Joiners named per scope. */
export const JOINERS_KEPT = 5;
/** Scope documents written at once (FerretDB on SQLite: never 100 update statements in one command). */
const WRITES_AT_ONCE = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What a digest shows of its scopes beyond the funnel. */
export interface DigestHighlights {
  since: Date;
  courses: HighlightCourse[];
  joinedCount: number;
  joined: HighlightJoiner[];
}

const highlightsId = (orgId: string, scope: string) => `${orgId}:${scope}`;

/** What a digest reads of its scopes' counted documents. */
export interface DigestHighlightsRead {
  highlights: DigestHighlights;
  /**
   * Per group asked for, in order (or the organization alone): its "not joined yet" candidates
   * (pending-candidates.ts), undefined when the count did not keep them.
   */
  pending: Array<PendingCandidates | undefined>;
}

/**
 * The highlights of some scopes (group ids; none: the organization) as of at most an hour ago,
 * counted first when they are older (docs/decisions/036-digest-highlights.md), and their pending
 * invitation candidates (decision 047). The caller has checked that the reader may see these
 * scopes (readFunnel). Groups read together are added up: a person in two of them counts in
 * both, as in the funnel.
 */
export async function readDigestHighlights(
  ctx: Pick<ServiceContext, 'store' | 'orgId' | 'now'>,
  groupIds: string[],
  shown: { courses: number; joiners: number },
): Promise<DigestHighlightsRead> {
  // The organization's document (the freshness mark) and the groups' are read at once.
  const read = () =>
    Promise.all(
      [ORGANIZATION_SCOPE, ...groupIds].map((id) =>
        ctx.store.digestHighlights.findById(highlightsId(ctx.orgId, id)).lean().exec(),
      ),
    );
  let [marker, ...groupDocs] = await read();
  if (!marker || ctx.now().getTime() - marker.computedAt.getTime() > HIGHLIGHTS_FRESH_MS) {
    await countDigestHighlights(ctx.store, ctx.orgId, ctx.now());
    [marker, ...groupDocs] = await read();
  }
  if (!marker)
    return {
      highlights: {
        since: new Date(ctx.now().getTime() - HIGHLIGHT_DAYS * DAY_MS),
        courses: [],
        joinedCount: 0,
        joined: [],
      },
      pending: (groupIds.length === 0 ? [undefined] : groupIds).map(() => undefined),
    };
  const computedAt = marker.computedAt;
  // A group without a document of the latest count had nothing in it (no pending invitation either).
  const current = groupDocs.map((doc) => (doc && doc.computedAt >= computedAt ? doc : undefined));
  const docs = groupIds.length === 0 ? [marker] : current.flatMap((doc) => (doc ? [doc] : []));
  const pending =
    groupIds.length === 0 ? [marker.pending] : current.map((doc) => (doc ? doc.pending : markerCandidates(marker)));
  const courses = new Map<string, HighlightCourse>();
  for (const doc of docs)
    for (const c of doc.courses) {
      const sum = courses.get(c.courseId) ?? { ...c, active: 0, enrolled: 0, completed: 0 };
      sum.active += c.active;
      sum.enrolled += c.enrolled;
      sum.completed += c.completed;
      courses.set(c.courseId, sum);
    }
  const joiners = new Map<string, HighlightJoiner>();
  for (const doc of docs) for (const j of doc.joined) joiners.set(j.email, j);
  return {
    highlights: {
      since: marker.since,
      courses: [...courses.values()].sort(byActivity).slice(0, shown.courses),
      joinedCount: docs.reduce((n, d) => n + d.joinedCount, 0),
      joined: [...joiners.values()].sort(byJoining).slice(0, shown.joiners),
    },
    pending,
  };
}

/** A group with nothing in the count has no candidate, if the count kept them at all. */
function markerCandidates(marker: DigestHighlightsDoc): PendingCandidates | undefined {
  return marker.pending ? [] : undefined;
}

function byActivity(a: HighlightCourse, b: HighlightCourse): number {
  return (
    b.active - a.active || b.enrolled - a.enrolled || b.completed - a.completed || a.courseId.localeCompare(b.courseId)
  );
}

function byJoining(a: HighlightJoiner, b: HighlightJoiner): number {
  return a.joinedAt.getTime() - b.joinedAt.getTime() || a.email.localeCompare(b.email);
}

/**
 * Counts an organization's highlights ahead of its digests: when it has an active digest
 * subscription and its count is older than HIGHLIGHTS_REFRESH_MS. True when it counted.
 */
export async function refreshDigestHighlights(
  store: Store,
  orgId: string,
  now: Date,
  reads: Store = store,
): Promise<boolean> {
  const subscribed = await store.digestSubscriptions
    .findOne({ orgId, status: 'active' })
    .select({ _id: 1 })
    .lean()
    .exec();
  if (!subscribed) return false;
  const marker = await store.digestHighlights
    .findById(highlightsId(orgId, ORGANIZATION_SCOPE))
    .select({ computedAt: 1 })
    .lean()
    .exec();
  if (marker && now.getTime() - marker.computedAt.getTime() < HIGHLIGHTS_REFRESH_MS) return false;
  await countDigestHighlights(store, orgId, now, reads);
  return true;
}

/**
 * Counts the highlights of the organization and of each group for the week before `now`: per
 * course and group, people active, enrolled and completed (three `$group`-`$sum`
 * aggregations of the enrollments, by course and set of groups); who joined
 * (one pass over that week's joiners, keeping the first few per scope). One document per scope
 * with anything in it, the organization's last. Safe twice at once: a document is replaced only by
 * a newer computation. The whole-collection reads go through `reads` (the job's long-read
 * connection, decision 049: at 100,000 people one can outlast the app connection's socket timeout).
 */
export async function countDigestHighlights(
  store: Store,
  orgId: string,
  now: Date,
  reads: Store = store,
): Promise<void> {
  const since = new Date(now.getTime() - HIGHLIGHT_DAYS * DAY_MS);
  const scopes = new Map<
    string,
    {
      courses: Map<string, HighlightCourse>;
      joinedCount: number;
      joined: HighlightJoiner[];
      pending: PendingCandidates;
    }
  >();
  const scope = (id: string) => {
    let found = scopes.get(id);
    if (!found) {
      found = { courses: new Map(), joinedCount: 0, joined: [], pending: [] };
      scopes.set(id, found);
    }
    return found;
  };
  scope(ORGANIZATION_SCOPE);
  const fields = ['lastActivityAt', 'enrolledAt', 'completedAt'] as const;
  const figure = { lastActivityAt: 'active', enrolledAt: 'enrolled', completedAt: 'completed' } as const;
  // By course and the whole list of groups (FerretDB 1.24's `$unwind` keeps only the unwound
  // field, so a row per group and course cannot be grouped there): one row per course and set of
  // groups, added to the organization and to each of its groups here.
  const rows = await Promise.all(
    fields.map((field) =>
      reads.enrollments
        .aggregate<{ _id: { c: string; g?: string[] | null }; n: number }>([
          { $match: { orgId, [field]: { $gte: since } } },
          { $group: { _id: { c: '$courseId', g: '$groupIds' }, n: { $sum: 1 } } },
        ])
        .exec(),
    ),
  );
  const add = (scopeId: string, courseId: string, field: (typeof fields)[number], n: number) => {
    const courses = scope(scopeId).courses;
    const row = courses.get(courseId) ?? { courseId, title: courseId, active: 0, enrolled: 0, completed: 0 };
    row[figure[field]] += n;
    courses.set(courseId, row);
  };
  fields.forEach((field, i) => {
    for (const r of rows[i]!)
      for (const id of [ORGANIZATION_SCOPE, ...new Set(r._id.g ?? [])]) add(id, r._id.c, field, r.n);
  });
  await countJoiners(reads, orgId, since, scope);
  await countPendingCandidates(reads, orgId, (id) => scope(id).pending);

  const kept = new Map<string, HighlightCourse[]>();
  for (const [id, s] of scopes) kept.set(id, [...s.courses.values()].sort(byActivity).slice(0, COURSES_KEPT));
  await nameCourses(store, orgId, [...kept.values()].flat());
  const docOf = (id: string): DigestHighlightsDoc => {
    const s = scopes.get(id)!;
    return {
      _id: highlightsId(orgId, id),
      orgId,
      scope: id,
      computedAt: now,
      since,
      courses: kept.get(id) ?? [],
      joinedCount: s.joinedCount,
      joined: s.joined,
      pending: s.pending,
    };
  };
  const groups = [...scopes.keys()].filter((id) => id !== ORGANIZATION_SCOPE);
  for (let start = 0; start < groups.length; start += WRITES_AT_ONCE)
    await Promise.all(groups.slice(start, start + WRITES_AT_ONCE).map((id) => replaceIfNewer(store, docOf(id))));
  await replaceIfNewer(store, docOf(ORGANIZATION_SCOPE));
}

/** This period's joiners, one pass (nobody kept but the first few per scope). */
async function countJoiners(
  store: Store,
  orgId: string,
  since: Date,
  scope: (id: string) => { joinedCount: number; joined: HighlightJoiner[] },
): Promise<void> {
  const cursor = store.users
    .find({ orgId, status: 'active', joinedAt: { $gte: since } })
    .select({ email: 1, firstName: 1, surname: 1, groupIds: 1, joinedAt: 1 })
    .lean()
    .cursor({ batchSize: 1_000 });
  try {
    for await (const user of cursor) {
      const joiner = { email: user.email, name: displayName(user), joinedAt: user.joinedAt! };
      for (const id of [ORGANIZATION_SCOPE, ...user.groupIds]) {
        const s = scope(id);
        s.joinedCount += 1;
        s.joined.push(joiner);
        s.joined.sort(byJoining);
        if (s.joined.length > JOINERS_KEPT) s.joined.pop();
      }
    }
  } finally {
    await cursor.close();
  }
}

/** The titles of the courses kept: one `_id` read per course. */
async function nameCourses(store: Store, orgId: string, courses: HighlightCourse[]): Promise<void> {
  const ids = [...new Set(courses.map((c) => c.courseId))];
  const titles = new Map<string, string>();
  await Promise.all(
    ids.map(async (id) => {
      const course = await store.courses
        .findById(`${orgId}:${courseKey(id)}`)
        .select({ title: 1 })
        .lean()
        .exec();
      if (course) titles.set(id, course.title);
    }),
  );
  for (const c of courses) c.title = titles.get(c.courseId) ?? c.courseId;
}

/**
 * Writes a scope's document unless a newer computation wrote it already. By `_id` alone (a guard
 * in the filter, `{ _id, computedAt: { $lt } }`, reads the whole collection per write on
 * FerretDB/SQLite: a count of 2,000 groups took minutes, decision 047): the write returns the
 * document it replaced, and a newer one is put back (writes of one document are serialized).
 */
async function replaceIfNewer(store: Store, doc: DigestHighlightsDoc): Promise<void> {
  const before = await store.digestHighlights
    .findOneAndReplace({ _id: doc._id }, doc, { upsert: true, returnDocument: 'before' })
    .lean()
    .exec();
  if (before && before.computedAt > doc.computedAt)
    await store.digestHighlights.replaceOne({ _id: doc._id }, before).exec();
}
