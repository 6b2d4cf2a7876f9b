import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { isDuplicateKey, UbError } from '../errors.js';
import { groupNameKey, type GroupDoc } from '../models/group.js';
import type { Store } from '../store.js';

export const MAX_GROUP_NAME = 100;

export interface Group {
  id: string;
  name: string;
  memberCount: number;
}

/** Trimmed, 1 to 100 characters, no line breaks: names are matched case-insensitively but space-sensitively. */
export function cleanGroupName(name: string): string {
  const clean = name.trim();
  if (clean === '') throw new UbError('invalid_input', 'A group needs a name.');
  if (clean.length > MAX_GROUP_NAME) throw new UbError('invalid_input', `Group names are at most ${MAX_GROUP_NAME} characters (got ${clean.length}).`);
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
export async function groupNamesById(store: Store, ids: Iterable<string>, cache = new Map<string, string>()): Promise<Map<string, string>> {
  const missing = [...new Set(ids)].filter((id) => !cache.has(id));
  const found = await Promise.all(missing.map((id) => store.groups.findById(id).select({ name: 1 }).lean().exec()));
  for (const group of found) if (group) cache.set(group._id, group.name);
  return cache;
}

/** Groups by name, in the order given; names that match no group are listed apart. */
export async function resolveGroupNames(store: Store, orgId: string, names: string[]): Promise<{ groups: Group[]; unknown: string[] }> {
  const found = await Promise.all(names.map((name) => findGroupByName(store, orgId, name)));
  return {
    groups: found.filter((g): g is Group => g !== undefined),
    unknown: names.filter((_, i) => found[i] === undefined),
  };
}

/** The group, or a not_found error that names it and points to the list. */
export async function requireGroup(store: Store, orgId: string, name: string): Promise<Group> {
  const group = await findGroupByName(store, orgId, name);
  if (!group) throw new UbError('not_found', `There is no group named "${name.trim()}". \`/ub group list\` shows them all (names need quotes when they have spaces).`);
  return group;
}

/** Creates a group; its name is unique in the organization, whatever the case. */
export async function createGroup(ctx: ServiceContext, name: string): Promise<Group> {
  assertCan(ctx.actor, 'group.create');
  const clean = cleanGroupName(name);
  const id = `${ctx.orgId}:g:${randomBytes(8).toString('hex')}`;
  // The name key is written first: its unique `_id` is what makes two creates of "Sales"/"sales" race safely.
  await claimName(ctx, clean, id);
  await ctx.store.groups.create({ _id: id, orgId: ctx.orgId, name: clean, memberCount: 0 });
  await recordAudit(ctx, { action: 'group.created', targetType: 'group', targetId: id, subjects: [id], after: { name: clean } });
  return { id, name: clean, memberCount: 0 };
}

/** Renames a group; memberships do not move, since they point at the group's stable id. */
export async function renameGroup(ctx: ServiceContext, name: string, newName: string): Promise<Group> {
  assertCan(ctx.actor, 'group.rename');
  const group = await requireGroup(ctx.store, ctx.orgId, name);
  const clean = cleanGroupName(newName);
  const sameKey = groupNameKey(ctx.orgId, clean) === groupNameKey(ctx.orgId, group.name);
  if (!sameKey) await claimName(ctx, clean, group.id);
  await ctx.store.groups.updateOne({ _id: group.id }, { $set: { name: clean } }).exec();
  if (!sameKey) await ctx.store.groupNames.deleteOne({ _id: groupNameKey(ctx.orgId, group.name), groupId: group.id }).exec();
  await recordAudit(ctx, { action: 'group.renamed', targetType: 'group', targetId: group.id, subjects: [group.id], before: { name: group.name }, after: { name: clean } });
  return { ...group, name: clean };
}

export interface GroupPage {
  groups: Group[];
  /** The key to pass as `after` for the next page, when there is one. */
  next: string | undefined;
}

/**
 * Groups in alphabetical order (the lower-cased name keys), keyset-paged. Group admins see the
 * groups they manage; plain users none.
 */
export async function listGroups(ctx: ServiceContext, input: { after?: string; limit: number }): Promise<GroupPage> {
  const managed = groupsActorMayUse(ctx.actor, 'group.view');
  if (managed !== undefined && managed.length === 0) assertCan(ctx.actor, 'group.view');
  const filter: Record<string, unknown> = { orgId: ctx.orgId };
  if (input.after !== undefined) filter._id = { $gt: input.after };
  if (managed !== undefined) filter.groupId = { $in: managed };
  const keys = await ctx.store.groupNames.find(filter).sort({ _id: 1 }).limit(input.limit + 1).lean().exec();
  const page = keys.slice(0, input.limit);
  const docs = await ctx.store.groups.find({ _id: { $in: page.map((k) => k.groupId) } }).lean().exec();
  const byId = new Map(docs.map((d) => [d._id, d]));
  return {
    groups: page.flatMap((k) => (byId.has(k.groupId) ? [toGroup(byId.get(k.groupId)!)] : [])),
    next: keys.length > input.limit ? page.at(-1)?._id : undefined,
  };
}

/** How many groups the organization has (for the list's heading). */
export async function countGroups(ctx: ServiceContext): Promise<number> {
  return ctx.store.groups.countDocuments({ orgId: ctx.orgId }).exec();
}

async function claimName(ctx: ServiceContext, name: string, groupId: string): Promise<void> {
  try {
    await ctx.store.groupNames.create({ _id: groupNameKey(ctx.orgId, name), orgId: ctx.orgId, groupId });
  } catch (error) {
    if (isDuplicateKey(error)) throw new UbError('already_exists', `A group named "${name}" already exists (names are not case-sensitive).`);
    throw error;
  }
}

export function toGroup(doc: GroupDoc): Group {
  return { id: doc._id, name: doc.name, memberCount: doc.memberCount };
}
