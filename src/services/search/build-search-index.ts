import type { Store } from '../store.js';
import { indexGroups } from './group-index-repository.js';
import { addKeysToSets, compareKeys } from './key-set.js';
import { memberSetId, memberSetNames, type IndexedMember } from './member-index-repository.js';

export interface BuildOptions {
  /** Sets written per round (the progress mark moves once per round). */
  setsPerRound?: number;
  /** After each round: the job extends its lock and says how far it got. */
  onProgress?: (progress: { sets: number; of: number }) => Promise<void>;
}

/**
 * Builds an organization's search sets from the groups and members it already has (an upgrade
 * from a version without them). It reads the members once, gathers every set in
 * memory (a reference per key: about 30 per member), then writes the sets in name order, new ones
 * whole in a few inserts, existing ones (written meanwhile by the services) through addKeys. The
 * last set name written is kept in the state document: a new run reads the members again and
 * continues after it. Safe while people use ub (the services keep the sets as people change) and
 * twice at once (adding a key twice changes nothing). Until it marks the organization ready,
 * searches scan instead.
 */
export async function buildSearchIndex(store: Store, orgId: string, options: BuildOptions = {}): Promise<void> {
  const setsPerRound = options.setsPerRound ?? 2_000;
  const state = await store.searchIndexStates
    .findOneAndUpdate(
      { _id: orgId },
      { $setOnInsert: { members: 'building', groups: 'building', funnelSteps: 'building' } },
      { upsert: true, returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (state?.groups !== 'ready') {
    const groups = await store.groups.find({ orgId }).select({ name: 1 }).lean().exec();
    await indexGroups(
      store,
      orgId,
      groups.map((g) => ({ id: g._id, name: g.name })),
    );
    await store.searchIndexStates.updateOne({ _id: orgId }, { $set: { groups: 'ready' } }).exec();
  }
  // Sets built before the funnel-step sets existed: only those are added (every other set is kept
  // right by the services already).
  const onlyFunnelSteps = state?.members === 'ready';
  if (onlyFunnelSteps && state.funnelSteps === 'ready') return;

  const sets = await gatherMemberSets(store, orgId);
  const names = [...sets.keys()].filter((name) => !onlyFunnelSteps || name.startsWith('fs:')).sort(compareKeys);
  const after = state?.setsAfter;
  const todo = after === undefined ? names : names.filter((name) => compareKeys(name, after) > 0);
  for (let start = 0; start < todo.length; start += setsPerRound) {
    const round = todo.slice(start, start + setsPerRound);
    await addKeysToSets(
      store,
      orgId,
      round.map((name) => ({ setId: memberSetId(orgId, name), keys: sets.get(name)! })),
    );
    await store.searchIndexStates.updateOne({ _id: orgId }, { $set: { setsAfter: round.at(-1) } }).exec();
    await options.onProgress?.({ sets: names.length - todo.length + start + round.length, of: names.length });
  }
  await store.searchIndexStates
    .updateOne({ _id: orgId }, { $set: { members: 'ready', funnelSteps: 'ready' }, $unset: { setsAfter: 1 } })
    .exec();
}

/**
 * Every member set of the organization (one read of the members). Unsorted on purpose: FerretDB
 * sorts in memory before it returns anything, which at a million members outlasts the socket
 * timeout; the sets are sorted when they are written.
 */
async function gatherMemberSets(store: Store, orgId: string): Promise<Map<string, string[]>> {
  const sets = new Map<string, string[]>();
  const cursor = store.users
    .find({ orgId })
    .select({
      email: 1,
      firstName: 1,
      surname: 1,
      status: 1,
      role: 1,
      licenseType: 1,
      groupIds: 1,
      firstEnrollmentAt: 1,
      firstLectureAt: 1,
    })
    .lean()
    .cursor({ batchSize: 2_000 });
  try {
    for await (const doc of cursor) {
      const member = doc as IndexedMember;
      for (const name of memberSetNames(member)) {
        const keys = sets.get(name);
        if (keys) keys.push(member.email);
        else sets.set(name, [member.email]);
      }
    }
  } finally {
    await cursor.close();
  }
  return sets;
}

/** Organizations whose sets are not complete (never built, a build that stopped, or built before the `fs:` sets). */
export async function organizationsToIndex(store: Store): Promise<string[]> {
  const orgs = await store.organizations.find({}).select({ _id: 1 }).lean().exec();
  const states = await Promise.all(orgs.map((org) => store.searchIndexStates.findById(org._id).lean().exec()));
  return orgs
    .filter(
      (_, i) => states[i]?.members !== 'ready' || states[i]?.groups !== 'ready' || states[i]?.funnelSteps !== 'ready',
    )
    .map((o) => o._id);
}
