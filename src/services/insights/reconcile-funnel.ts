import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import type { FunnelCounters } from '../models/organization.js';
import type { Store } from '../store.js';
import { countersOf } from './funnel-counts.js';
import type { RecountOptions } from '../recount-options.js';

/** What a funnel's stored counters are compared on: the member steps and the pending invitations. */
export interface FunnelTally extends FunnelCounters {
  pending: number;
}

export interface FunnelDrift {
  targetType: 'organization' | 'group';
  id: string;
  name: string | undefined;
  stored: FunnelTally;
  counted: FunnelTally;
  repaired: boolean;
}

export interface FunnelReconciliation {
  checkedAt: Date;
  /** Organization and groups checked. */
  checked: number;
  drifts: FunnelDrift[];
  /** Why nothing was repaired this time (the counts kept moving). */
  postponed: string | undefined;
}

const ATTEMPTS = 3;
const KEYS = ['joined', 'enrolled', 'started', 'pending'] as const;
/** Documents a recount's cursor reads per round trip. */
const RECOUNT_BATCH = 1_000;

/**
 * Recounts the adoption funnel of the organization and of every group from the documents (indexed
 * counts and one `$match`/`$unwind`/`$group` aggregation per step) and repairs counters that
 * drifted (a crash between a person's write and the counters' `$inc`), with a log line (the job's)
 * and an audit entry each. As for seats (decision 017): two recounts `settleMs` apart must agree
 * with each other and with the counters read around them, so a change between its two writes is
 * not taken for drift; each repair is a `$inc` of the drift guarded on the counters it saw.
 */
export async function reconcileFunnel(ctx: ServiceContext, options: RecountOptions): Promise<FunnelReconciliation> {
  assertCan(ctx.actor, 'license.manage');
  const counts = options.counts ?? ctx.store;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    const first = await snapshot(ctx.store, counts, ctx.orgId);
    await new Promise((resolve) => setTimeout(resolve, options.settleMs));
    const second = await snapshot(ctx.store, counts, ctx.orgId);
    if (JSON.stringify(first) !== JSON.stringify(second)) continue;
    const drifts: FunnelDrift[] = [];
    for (const entry of second) {
      if (KEYS.every((k) => entry.stored[k] === entry.counted[k])) continue;
      const repaired = await repair(ctx, entry);
      drifts.push({ ...entry, repaired });
    }
    return { checkedAt: ctx.now(), checked: second.length, drifts, postponed: undefined };
  }
  return {
    checkedAt: ctx.now(),
    checked: 0,
    drifts: [],
    postponed: 'people kept moving through the funnel the whole time; it is checked again later',
  };
}

/** Says by how much each counter was off, for the audit log and the admin. */
export function funnelDriftExplanation(drift: Pick<FunnelDrift, 'stored' | 'counted'>): string {
  const words: Record<(typeof KEYS)[number], string> = {
    joined: 'joined',
    enrolled: 'enrolled',
    started: 'watched a first lecture',
    pending: 'pending invitations',
  };
  return KEYS.filter((k) => drift.stored[k] !== drift.counted[k])
    .map((k) => {
      const off = drift.stored[k] - drift.counted[k];
      return `${words[k]} was ${Math.abs(off)} too ${off > 0 ? 'high' : 'low'}`;
    })
    .join(', ');
}

interface SnapshotEntry {
  targetType: 'organization' | 'group';
  id: string;
  name: string | undefined;
  stored: FunnelTally;
  counted: FunnelTally;
}

async function repair(ctx: ServiceContext, entry: SnapshotEntry): Promise<boolean> {
  const pendingField = entry.targetType === 'organization' ? 'pendingInvitations' : 'inviteeCount';
  const guard = {
    'funnel.joined': entry.stored.joined,
    'funnel.enrolled': entry.stored.enrolled,
    'funnel.started': entry.stored.started,
    [pendingField]: entry.stored.pending,
  };
  // A counter never written (an organization from before the funnel) is set, not incremented from a guard it fails.
  const update = {
    $set: {
      'funnel.joined': entry.counted.joined,
      'funnel.enrolled': entry.counted.enrolled,
      'funnel.started': entry.counted.started,
      [pendingField]: entry.counted.pending,
    },
  };
  const stored =
    entry.targetType === 'organization'
      ? await ctx.store.organizations.findById(entry.id).lean().exec()
      : await ctx.store.groups.findById(entry.id).lean().exec();
  if (!stored) return false;
  const now = countersOf(stored.funnel);
  const nowPending =
    entry.targetType === 'organization'
      ? ((stored as { pendingInvitations?: number }).pendingInvitations ?? 0)
      : ((stored as { inviteeCount?: number }).inviteeCount ?? 0);
  if (KEYS.some((k) => (k === 'pending' ? nowPending : now[k]) !== entry.stored[k])) return false;
  const result = await (entry.targetType === 'organization'
    ? ctx.store.organizations.updateOne({ _id: entry.id, ...guardOrMissing(stored, guard) }, update).exec()
    : ctx.store.groups.updateOne({ _id: entry.id, ...guardOrMissing(stored, guard) }, update).exec());
  if (result.modifiedCount !== 1) return false;
  await recordAudit(ctx, {
    action: 'funnel.counters_repaired',
    targetType: entry.targetType,
    targetId: entry.id,
    subjects: entry.targetType === 'group' ? [entry.id] : [],
    before: { ...entry.stored },
    after: {
      ...entry.counted,
      ...(entry.name !== undefined ? { name: entry.name } : {}),
      why: funnelDriftExplanation(entry),
    },
  });
  return true;
}

/** The guard on the counters seen, leaving out those never written (absent, read as 0). */
function guardOrMissing(stored: object, guard: Record<string, number>): Record<string, unknown> {
  const has = (path: string) =>
    path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], stored) !== undefined;
  return Object.fromEntries(
    Object.entries(guard).map(([path, value]) => [path, has(path) ? value : { $exists: false }]),
  );
}

async function snapshot(store: Store, counts: Store, orgId: string): Promise<SnapshotEntry[]> {
  const [org, groups, counted] = await Promise.all([
    store.organizations.findById(orgId).lean().exec(),
    store.groups.find({ orgId }).select({ name: 1, funnel: 1, inviteeCount: 1 }).sort({ _id: 1 }).lean().exec(),
    recountFunnel(counts, orgId),
  ]);
  const entries: SnapshotEntry[] = [];
  if (org)
    entries.push({
      targetType: 'organization',
      id: orgId,
      name: undefined,
      stored: { ...countersOf(org.funnel), pending: org.pendingInvitations ?? 0 },
      counted: counted.organization,
    });
  for (const group of groups)
    entries.push({
      targetType: 'group',
      id: group._id,
      name: group.name,
      stored: { ...countersOf(group.funnel), pending: group.inviteeCount ?? 0 },
      counted: counted.groups.get(group._id) ?? { joined: 0, enrolled: 0, started: 0, pending: 0 },
    });
  return entries;
}

/**
 * The funnel counted from the documents, in two passes: the organization's active people, then its
 * pending invitations, each read once through a cursor of the three fields that decide (groups and
 * the two step dates), and tallied for the organization and for every group. Only the tallies are
 * held, one per group; no document outlives its cursor batch. A daily job and `/ub adoption
 * verify`, not a hot path; the passes are what it costs (decision 049: FerretDB 1.24's `$group`
 * compares each document with every key found so far and keeps every document until it ends, so a
 * tally per group in the database costs people × groups in time and people in memory).
 */
export async function recountFunnel(
  store: Store,
  orgId: string,
): Promise<{ organization: FunnelTally; groups: Map<string, FunnelTally> }> {
  const organization: FunnelTally = { joined: 0, enrolled: 0, started: 0, pending: 0 };
  const groups = new Map<string, FunnelTally>();
  const add = (groupIds: unknown, step: (typeof KEYS)[number]) => {
    organization[step] += 1;
    for (const groupId of new Set(Array.isArray(groupIds) ? (groupIds as string[]) : [])) {
      const tally = groups.get(groupId) ?? { joined: 0, enrolled: 0, started: 0, pending: 0 };
      tally[step] += 1;
      groups.set(groupId, tally);
    }
  };
  const people = store.users.collection.find(
    { orgId, status: 'active' },
    { projection: { _id: 0, groupIds: 1, firstEnrollmentAt: 1, firstLectureAt: 1 }, batchSize: RECOUNT_BATCH },
  );
  // A step counts as `{ $exists: true }` would: a date field present, whatever its value.
  for await (const person of people) {
    add(person.groupIds, 'joined');
    if (person.firstEnrollmentAt !== undefined) add(person.groupIds, 'enrolled');
    if (person.firstLectureAt !== undefined) add(person.groupIds, 'started');
  }
  const invitations = store.invitations.collection.find(
    { orgId, status: 'pending' },
    { projection: { _id: 0, groupIds: 1 }, batchSize: RECOUNT_BATCH },
  );
  for await (const invitation of invitations) add(invitation.groupIds, 'pending');
  return { organization, groups };
}
