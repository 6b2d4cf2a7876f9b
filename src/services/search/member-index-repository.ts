import { memberFunnelStep, personKey, type LicenseType, type Role, type UserStatus } from '../domain.js';
import type { UserDoc } from '../models/user.js';
import type { Store } from '../store.js';
import { addKeys, deleteSet, removeKeys } from './key-set.js';
import { KeySetReader, type KeyStream } from './key-set-reader.js';
import { IntersectionStream, UnionStream } from './key-streams.js';
import { indexedPrefix, prefixesOf, wordsOf } from './search-words.js';

// What the people and groups features use of the search's internals: this file is their interface.
export type { KeyStream, Seek } from './key-set-reader.js';
export { matchesTerms, queryTerms, wordsOf } from './search-words.js';

/**
 * The people search structure (decision 018): for each organization, sorted sets of member emails
 * read by `_id` only. `all`, `st:<status>`, `role:<role>`, `lic:<license type>`, `grp:<group id>`,
 * `fs:<funnel step>` (active members: joined, enrolled or started) and `tok:<prefix>` for every prefix of every word of a member's names and email. Every service
 * that creates a member or changes what the sets depend on writes through `writeMemberIndexed`
 * (or the group variants below). A set may hold a key too many (a crash, a lost race), never one
 * too few: the search checks each page against the documents.
 */

/** What of a member the sets depend on. */
export type IndexedMember = Pick<UserDoc, 'email' | 'firstName' | 'surname' | 'status' | 'role' | 'licenseType'> & {
  groupIds: readonly string[];
  firstEnrollmentAt?: Date | undefined;
  firstLectureAt?: Date | undefined;
};

export interface MemberChange {
  /** The member as they were (undefined: they are new). */
  before?: IndexedMember | undefined;
  /** The member as they are being written (undefined: they are gone). */
  after?: IndexedMember | undefined;
}

export function memberSetId(orgId: string, name: string): string {
  return `${orgId}:m:${name}`;
}

/** The words a member is found by: their names and the parts of their email. */
export function memberWords(member: Pick<UserDoc, 'firstName' | 'surname' | 'email'>): string[] {
  return [...new Set([...wordsOf(`${member.firstName ?? ''} ${member.surname ?? ''}`), ...wordsOf(member.email)])];
}

/** The names of the sets a member belongs to. */
export function memberSetNames(member: IndexedMember): Set<string> {
  const names = new Set(['all', `st:${member.status}`, `role:${member.role}`, `lic:${member.licenseType}`]);
  // The furthest adoption-funnel step an active member reached: who is stuck where (decision 021).
  const step = memberFunnelStep(member);
  if (step !== undefined) names.add(`fs:${step}`);
  for (const groupId of member.groupIds) names.add(`grp:${groupId}`);
  for (const prefix of prefixesOf(memberWords(member))) names.add(`tok:${prefix}`);
  return names;
}

/**
 * Runs a write of one member document with their key kept in the right sets around it. Their key
 * joins the new state's sets before the write (so a crash never leaves a member unfindable) and
 * again after it; once the write is done it leaves the sets only the old state was in, and the
 * document is read again to put back any of those a concurrent change needs. Without both, a
 * removal landing after another admin's add (deactivate, then reactivate at once) could lose a
 * key for good (decision 018). `write` returns undefined or null when its guard did not let it
 * through: then nothing is removed.
 */
export async function writeMemberIndexed<T>(
  store: Store,
  orgId: string,
  change: MemberChange,
  write: () => Promise<T | null | undefined>,
): Promise<T | null | undefined> {
  const key = change.after?.email ?? change.before?.email;
  if (key === undefined) return write();
  const before = change.before && change.before.email === key ? memberSetNames(change.before) : new Set<string>();
  const after = change.after ? memberSetNames(change.after) : new Set<string>();
  const joins = [...after].filter((name) => !before.has(name));
  const leaves = [...before].filter((name) => !after.has(name));
  const add = (names: string[]) =>
    Promise.all(names.map((name) => addKeys(store, orgId, memberSetId(orgId, name), [key])));
  await add(joins);
  const result = await write();
  if (result === null || result === undefined) return result;
  // A new member's document did not exist before, so no earlier change of theirs can be removing keys.
  if (change.before) await add(joins);
  if (leaves.length > 0) {
    await Promise.all(leaves.map((name) => removeKeys(store, memberSetId(orgId, name), [key])));
    const current = await store.users.findById(personKey(orgId, key)).lean().exec();
    if (current) {
      const needed = memberSetNames(current);
      await add(leaves.filter((name) => needed.has(name)));
    }
  }
  return result;
}

/**
 * Runs the writes that move many members up the adoption funnel (the activity ingest: hundreds of
 * people per batch), with their keys kept in the `fs:` sets as writeMemberIndexed keeps one
 * member's, but one set write per set for all of them. `changes` may differ only in the funnel
 * dates, which only ever move earlier from unset: a member never goes back to a step they left, so
 * no concurrent change can need a left set back and nobody is read again (writeMemberIndexed's
 * second read). Someone deactivated meanwhile may keep a key too many, which searches tolerate.
 * `write` returns the emails it changed; people it did not change leave no set.
 */
export async function moveMembersUpFunnel(
  store: Store,
  orgId: string,
  changes: ReadonlyArray<{ before: IndexedMember; after: IndexedMember }>,
  write: () => Promise<string[]>,
): Promise<void> {
  const joins = new Map<string, string[]>();
  const leaves = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, name: string, email: string) =>
    map.set(name, [...(map.get(name) ?? []), email]);
  for (const { before, after } of changes) {
    const was = memberSetNames(before);
    const will = memberSetNames(after);
    for (const name of will) if (!was.has(name)) push(joins, name, after.email);
    for (const name of was) if (!will.has(name)) push(leaves, name, before.email);
  }
  const add = (sets: Map<string, string[]>) =>
    Promise.all([...sets].map(([name, keys]) => addKeys(store, orgId, memberSetId(orgId, name), keys)));
  await add(joins);
  const changed = new Set(await write());
  await add(joins);
  await Promise.all(
    [...leaves].map(([name, keys]) =>
      removeKeys(
        store,
        memberSetId(orgId, name),
        keys.filter((k) => changed.has(k)),
      ),
    ),
  );
}

/**
 * Adds people to a group's set around the writes that add them (one set write for all of them,
 * before and after, as writeMemberIndexed does for one person). `write` returns the emails it added.
 */
export async function addGroupMembersIndexed(
  store: Store,
  orgId: string,
  groupId: string,
  emails: string[],
  write: () => Promise<string[]>,
): Promise<void> {
  const setId = memberSetId(orgId, `grp:${groupId}`);
  await addKeys(store, orgId, setId, emails);
  const added = await write();
  await addKeys(store, orgId, setId, added);
}

/**
 * Takes people out of a group's set after the writes that removed them, then reads them again and
 * puts back whoever was added to the group meanwhile. `write` returns the emails it removed.
 */
export async function removeGroupMembersIndexed(
  store: Store,
  orgId: string,
  groupId: string,
  write: () => Promise<string[]>,
): Promise<void> {
  const setId = memberSetId(orgId, `grp:${groupId}`);
  const removed = await write();
  await removeKeys(store, setId, removed);
  const current = await Promise.all(
    removed.map((email) => store.users.findById(personKey(orgId, email)).select({ groupIds: 1 }).lean().exec()),
  );
  const back = removed.filter((_, i) => current[i]?.groupIds.includes(groupId));
  await addKeys(store, orgId, setId, back);
}

/** After a group was deleted: its member set goes. */
export async function dropGroupMemberSet(store: Store, orgId: string, groupId: string): Promise<void> {
  await deleteSet(store, memberSetId(orgId, `grp:${groupId}`));
}

/** What a search asks of the sets; the exact check happens on the documents. */
export interface MemberSetQuery {
  /** Query terms (see search-words.ts): each one's prefix set. */
  terms: readonly string[];
  /** Each entry is one condition: the member is in one of the groups listed (a group, a group admin's scope). */
  groupClauses: ReadonlyArray<readonly string[]>;
  /** Sets of attributes (`st:active`, `role:admin`, `lic:pro`): used when they narrow the walk. */
  attributes: readonly string[];
}

/**
 * The emails that may match, as a sorted stream, or undefined when some set is empty (nothing can
 * match). Every set of the query is opened at once (one `_id` read each). Attribute sets hold a
 * large part of an organization: they drive the walk when they are the smallest set, and take part
 * when they fit in their directory; otherwise the documents of the page are checked for them.
 */
export async function memberCandidates(
  store: Store,
  orgId: string,
  query: MemberSetQuery,
): Promise<KeyStream | undefined> {
  const open = (name: string) => KeySetReader.open(store, memberSetId(orgId, name));
  const [terms, clauses, attributes] = await Promise.all([
    Promise.all(query.terms.map((term) => open(`tok:${indexedPrefix(term)}`))),
    Promise.all(query.groupClauses.map((ids) => Promise.all(ids.map((id) => open(`grp:${id}`))))),
    Promise.all(query.attributes.map(open)),
  ]);
  const selective: KeyStream[] = [...terms, ...clauses.map((readers) => new UnionStream(readers))];
  if ([...terms, ...attributes].some((reader) => reader.isEmpty) || clauses.some((c) => c.every((r) => r.isEmpty)))
    return undefined;
  const smallest = Math.min(...selective.map((s) => s.estimate));
  const used = attributes.filter((reader) => reader.estimate < smallest || reader.fitsInDirectory);
  const streams = [...selective, ...used];
  return new IntersectionStream(streams.length > 0 ? streams : [await open('all')]);
}

/** Readiness of an organization's structure (an upgrade builds it in a job; see build-search-index.ts). */
export async function searchIndexReady(
  store: Store,
  orgId: string,
): Promise<{ members: boolean; groups: boolean; funnelSteps: boolean }> {
  const state = await store.searchIndexStates.findById(orgId).lean().exec();
  return {
    members: state?.members === 'ready',
    groups: state?.groups === 'ready',
    funnelSteps: state?.members === 'ready' && state.funnelSteps === 'ready',
  };
}

/**
 * A new organization has no member and no group yet: its structure is complete from the start, as
 * every service keeps it from then on. (An organization created before the structure existed has
 * no state: the build job builds it.)
 */
export async function markSearchIndexComplete(store: Store, orgId: string): Promise<void> {
  await store.searchIndexStates
    .updateOne(
      { _id: orgId },
      { $set: { members: 'ready', groups: 'ready', funnelSteps: 'ready' }, $unset: { setsAfter: 1 } },
      { upsert: true },
    )
    .exec();
}

/** The licensed people of a license type, as attribute sets (status is part of it). */
export function attributeSets(input: {
  status?: UserStatus;
  role?: Role;
  license?: LicenseType;
  funnelStep?: string | undefined;
}): string[] {
  const names: string[] = [];
  if (input.funnelStep !== undefined) names.push(`fs:${input.funnelStep}`);
  if (input.license !== undefined) names.push('st:active', `lic:${input.license}`);
  else if (input.status !== undefined) names.push(`st:${input.status}`);
  if (input.role !== undefined) names.push(`role:${input.role}`);
  return names;
}
