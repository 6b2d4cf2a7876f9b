import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import type { GroupDoc } from '../models/group.js';
import { groupCandidates, groupIdOfKey, groupKey } from '../search/group-index-repository.js';
import { matchesTerms, queryTerms, searchIndexReady, wordsOf } from '../search/member-index-repository.js';

export interface GroupChoice {
  id: string;
  name: string;
}

/**
 * Groups whose name has words beginning with every word typed (any case, accents or not), in name
 * order, for the forms' group pickers: an admin's from the group-name sets (decision 018) with each
 * group checked by `_id`, a group admin's among the groups they manage. Plain users get none.
 */
export async function searchGroups(
  ctx: ServiceContext,
  input: { query: string; limit: number },
): Promise<GroupChoice[]> {
  const managed = groupsActorMayUse(ctx.actor, 'group.view');
  if (managed !== undefined && managed.length === 0) assertCan(ctx.actor, 'group.view');
  const terms = queryTerms(input.query);
  const matches = (group: Pick<GroupDoc, 'name'>) => terms.length === 0 || matchesTerms(wordsOf(group.name), terms);
  const byName = (a: GroupChoice, b: GroupChoice) => a.name.toLowerCase().localeCompare(b.name.toLowerCase());

  if (managed !== undefined) {
    const docs = await Promise.all(managed.map((id) => ctx.store.groups.findById(id).lean().exec()));
    return docs
      .flatMap((doc) => (doc && matches(doc) ? [{ id: doc._id, name: doc.name }] : []))
      .sort(byName)
      .slice(0, input.limit);
  }
  if (!(await searchIndexReady(ctx.store, ctx.orgId)).groups) {
    // An upgrade still building the sets: the groups are few enough to read (2,000 at most, one query).
    const docs = await ctx.store.groups.find({ orgId: ctx.orgId }).select({ name: 1 }).lean().exec();
    return docs
      .filter(matches)
      .map((doc) => ({ id: doc._id, name: doc.name }))
      .sort(byName)
      .slice(0, input.limit);
  }
  const stream = await groupCandidates(ctx.store, ctx.orgId, terms);
  const found: GroupChoice[] = [];
  let from: string | undefined;
  while (stream && found.length < input.limit) {
    const keys: string[] = [];
    while (keys.length < input.limit - found.length) {
      const key = await stream.next({ from, inclusive: false });
      if (key === undefined) break;
      keys.push(key);
      from = key;
    }
    if (keys.length === 0) break;
    const docs = await Promise.all(keys.map((key) => ctx.store.groups.findById(groupIdOfKey(key)).lean().exec()));
    // A key left behind by a rename or a deletion (a crash, a race) no longer names its group as it is.
    docs.forEach((doc, i) => {
      if (doc && doc.orgId === ctx.orgId && groupKey({ id: doc._id, name: doc.name }) === keys[i])
        found.push({ id: doc._id, name: doc.name });
    });
  }
  return found;
}
