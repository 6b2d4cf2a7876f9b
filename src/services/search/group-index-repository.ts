import type { Store } from '../store.js';
import { addKeys, addKeysToSets, removeKeys } from './key-set.js';
import { KeySetReader, type KeyStream } from './key-set-reader.js';
import { IntersectionStream } from './key-streams.js';
import { indexedPrefix, prefixesOf, wordsOf } from './search-words.js';

/**
 * Group names as search sets (decision 018), for the forms' group pickers: `all` and `tok:<prefix>`
 * of every word of every name. A key is `<name lower-cased>\t<group id>` (names hold no tab), so
 * sets sort by name and a key names its group; pickers check the group documents they show.
 */

export interface IndexedGroup {
  id: string;
  name: string;
}

export function groupSetId(orgId: string, name: string): string {
  return `${orgId}:g:${name}`;
}

export function groupKey(group: IndexedGroup): string {
  return `${group.name.toLowerCase()}\t${group.id}`;
}

/** The group id a key names. */
export function groupIdOfKey(key: string): string {
  return key.slice(key.indexOf('\t') + 1);
}

function groupSetNames(name: string): string[] {
  return ['all', ...[...prefixesOf(wordsOf(name))].map((prefix) => `tok:${prefix}`)];
}

/**
 * Runs a write that creates, renames or deletes a group with its name kept in the sets: the new
 * name joins before and after the write, the old one leaves after it, and is put back if the group
 * carries that name again by then (the same reasons as writeMemberIndexed).
 */
export async function writeGroupIndexed<T>(
  store: Store,
  orgId: string,
  change: { before?: IndexedGroup; after?: IndexedGroup },
  write: () => Promise<T>,
): Promise<T> {
  const add = async (group: IndexedGroup | undefined) => {
    if (!group) return;
    const key = groupKey(group);
    await Promise.all(groupSetNames(group.name).map((name) => addKeys(store, orgId, groupSetId(orgId, name), [key])));
  };
  const same = change.before && change.after && groupKey(change.before) === groupKey(change.after);
  await add(change.after);
  const result = await write();
  await add(change.after);
  if (change.before && !same) {
    const old = change.before;
    const key = groupKey(old);
    await Promise.all(groupSetNames(old.name).map((name) => removeKeys(store, groupSetId(orgId, name), [key])));
    const current = await store.groups.findById(old.id).lean().exec();
    if (current && groupKey({ id: current._id, name: current.name }) === key) await add(old);
  }
  return result;
}

/** Group keys whose names have words beginning with every term, as a sorted stream. */
export async function groupCandidates(
  store: Store,
  orgId: string,
  terms: readonly string[],
): Promise<KeyStream | undefined> {
  const names = terms.length === 0 ? ['all'] : terms.map((term) => `tok:${indexedPrefix(term)}`);
  const readers = await Promise.all(names.map((name) => KeySetReader.open(store, groupSetId(orgId, name))));
  if (readers.some((reader) => reader.isEmpty)) return undefined;
  return new IntersectionStream(readers);
}

/** Adds groups to the sets in bulk (the build of an organization that already has groups). */
export async function indexGroups(store: Store, orgId: string, groups: readonly IndexedGroup[]): Promise<void> {
  const bySet = new Map<string, string[]>();
  for (const group of groups) {
    for (const name of groupSetNames(group.name)) {
      const keys = bySet.get(name) ?? [];
      keys.push(groupKey(group));
      bySet.set(name, keys);
    }
  }
  await addKeysToSets(
    store,
    orgId,
    [...bySet].map(([name, keys]) => ({ setId: groupSetId(orgId, name), keys })),
  );
}
