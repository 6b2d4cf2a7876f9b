import { isDuplicateKey, UbError } from '../errors.js';
import { groupNameKey, type GroupDoc } from '../models/group.js';
import type { Store } from '../store.js';

export const MAX_GROUP_NAME = 100;

export interface Group {
  id: string;
  name: string;
  memberCount: number;
  /** Pending invitations into the group (they join it when they accept). */
  inviteeCount: number;
}

/** Trimmed, 1 to 100 characters, no line breaks: names are matched case-insensitively but space-sensitively. */
export function cleanGroupName(name: string): string {
  const clean = name.trim();
  if (clean === '') throw new UbError('invalid_input', 'A group needs a name.');
  if (clean.length > MAX_GROUP_NAME)
    throw new UbError('invalid_input', `Group names are at most ${MAX_GROUP_NAME} characters (got ${clean.length}).`);
  if (/[\r\n\t]/.test(clean)) throw new UbError('invalid_input', 'Group names are one line of text.');
  return clean;
}

/** A group by name (an `_id` read on group_names), or undefined. */
export async function findGroupByName(store: Store, orgId: string, name: string): Promise<Group | undefined> {
  const key = await store.groupNames.findById(groupNameKey(orgId, name.trim())).lean().exec();
  if (!key) return undefined;
  const group = await store.groups.findById(key.groupId).lean().exec();
  return group ? toGroup(group) : undefined;
}

/** Group names by id, one `_id` read per distinct group; deleted groups are left out. */
export async function groupNamesById(
  store: Store,
  ids: Iterable<string>,
  cache = new Map<string, string>(),
): Promise<Map<string, string>> {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id));
  const found = await Promise.all(missing.map((id) => store.groups.findById(id).select({ name: 1 }).lean().exec()));
  for (const group of found) if (group) cache.set(group._id, group.name);
  return cache;
}

/** A group with its counters: members, and pending invitations into it. */
export type GroupCounts = Group;

/** Groups by id with their counters, one `_id` read each, in the order given; deleted groups are left out. */
export async function groupCounts(store: Store, orgId: string, ids: string[]): Promise<GroupCounts[]> {
  const docs = await Promise.all(ids.map((id) => store.groups.findById(id).lean().exec()));
  return docs.filter((d): d is NonNullable<typeof d> => d !== null && d.orgId === orgId).map(toGroup);
}

/** Groups by name, in the order given; names that match no group are listed apart. */
export async function resolveGroupNames(
  store: Store,
  orgId: string,
  names: string[],
): Promise<{ groups: Group[]; unknown: string[] }> {
  const found = await Promise.all(names.map((name) => findGroupByName(store, orgId, name)));
  return {
    groups: found.filter((g): g is Group => g !== undefined),
    unknown: names.filter((_, i) => found[i] === undefined),
  };
}

/** The group, or a not_found error that names it and points to the list. */
export async function requireGroup(store: Store, orgId: string, name: string): Promise<Group> {
  const group = await findGroupByName(store, orgId, name);
  if (!group)
    throw new UbError(
      'not_found',
      `There is no group named "${name.trim()}". \`/ub group list\` shows them all (names need quotes when they have spaces).`,
    );
  return group;
}

/** Takes a group name for a group: the unique `_id` of group_names makes names unique per organization. */
export async function claimGroupName(store: Store, orgId: string, name: string, groupId: string): Promise<void> {
  try {
    await store.groupNames.create({ _id: groupNameKey(orgId, name), orgId, groupId });
  } catch (error) {
    if (isDuplicateKey(error))
      throw new UbError('already_exists', `A group named "${name}" already exists (names are not case-sensitive).`);
    throw error;
  }
}

export function toGroup(doc: GroupDoc): Group {
  return { id: doc._id, name: doc.name, memberCount: doc.memberCount, inviteeCount: doc.inviteeCount ?? 0 };
}

/** A group by its stable id (a bulk run keeps the id, so a rename meanwhile changes nothing), or not_found. */
export async function requireGroupById(store: Store, orgId: string, id: string): Promise<Group> {
  const group = await store.groups.findById(id).lean().exec();
  if (!group || group.orgId !== orgId) throw new UbError('not_found', 'The group no longer exists.');
  return toGroup(group);
}
