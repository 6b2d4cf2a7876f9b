import { can, mayEverDo } from './authorization.js';
import type { ServiceContext } from './context.js';
import { personKey } from './domain.js';
import { toUbError, UbError } from './errors.js';
import { findGroupByName, type Group } from './groups/group-repository.js';
import { MAX_INVITE_MESSAGE, planInvite } from './invitations/invite-plan.js';
import type { ImportInput, ImportItem } from './imports/import-item.js';
import type { ImportRow, RowProblem } from './imports/read-import-csv.js';

/** What the dry run shows: changes by kind, the licenses they need, the rows that cannot be applied. */
export interface ImportPlan {
  items: ImportItem[];
  input: ImportInput;
  counts: {
    invite: number;
    reactivate: number;
    update: number;
    unchanged: number;
    problems: number;
    addedToGroups: number;
    removedFromGroups: number;
    roleChanges: number;
    proGiven: number;
    groupAdminAssignments: number;
  };
  seats: { needed: number; free: number; proNeeded: number; proFree: number };
  /** Rows that cannot be applied, in file order (the file's own problems first). */
  problems: RowProblem[];
}

/** The import's custom message goes into each invitation it creates: the invitation's limit. */
export const MAX_IMPORT_MESSAGE = MAX_INVITE_MESSAGE;

/** How many person reads go to the server at once. */
const READ_CONCURRENCY = 50;

/**
 * The dry run of an import (rules file, "CSV import"): for each row, what applying it would do to
 * that person, under the requester's rights as the services check them. New people are invited
 * (with their groups, role and Pro); existing ones are added to the groups listed (and, when the
 * groups column is authoritative, removed from the others), given the role, Pro and group-admin
 * assignments listed; deactivated ones are reactivated. Nobody is deactivated, renamed or loses
 * Pro. Nothing is written.
 */
export async function planImport(
  ctx: ServiceContext,
  file: { rows: ImportRow[]; problems: RowProblem[]; fileName: string; authoritative: boolean; message?: string },
): Promise<ImportPlan> {
  const groups = new Map<string, Group | undefined>();
  for (const row of file.rows)
    for (const name of [...row.groups, ...row.groupAdminFor]) {
      const key = name.toLowerCase();
      if (!groups.has(key)) groups.set(key, await findGroupByName(ctx.store, ctx.orgId, name));
    }
  const seen = new Map<string, number>();
  const items: ImportItem[] = new Array<ImportItem>(file.rows.length);
  for (let start = 0; start < file.rows.length; start += READ_CONCURRENCY) {
    const slice = file.rows.slice(start, start + READ_CONCURRENCY);
    const planned = await Promise.all(
      slice.map((row) => {
        const first = seen.get(row.email);
        if (first === undefined) seen.set(row.email, row.row);
        return first !== undefined
          ? problem(row, `listed twice (also row ${first})`)
          : planRow(ctx, row, groups, file.authoritative);
      }),
    );
    planned.forEach((item, i) => (items[start + i] = item));
  }
  // Rows the file itself got wrong are rows of the import too: the result file lists every row.
  for (const bad of file.problems) items.push(problem(bad, bad.reason));
  items.sort((a, b) => a.row - b.row);
  const organization = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  const counts = {
    invite: 0,
    reactivate: 0,
    update: 0,
    unchanged: 0,
    problems: 0,
    addedToGroups: 0,
    removedFromGroups: 0,
    roleChanges: 0,
    proGiven: 0,
    groupAdminAssignments: 0,
  };
  for (const item of items) {
    if (item.kind === 'problem') counts.problems += 1;
    else counts[item.kind] += 1;
    if (item.kind === 'problem' || item.kind === 'unchanged') continue;
    if (item.kind !== 'invite') counts.addedToGroups += item.addGroupIds.length;
    counts.removedFromGroups += item.removeGroupIds.length;
    if (item.role !== undefined && item.kind !== 'invite') counts.roleChanges += 1;
    if (item.pro) counts.proGiven += 1;
    counts.groupAdminAssignments += item.adminOfGroupIds.length;
  }
  const touched = new Set(items.flatMap((i) => [...i.addGroupIds, ...i.removeGroupIds, ...i.adminOfGroupIds]));
  const groupNames: Record<string, string> = {};
  for (const group of groups.values()) if (group) groupNames[group.id] = group.name;
  return {
    items,
    input: {
      authoritative: file.authoritative,
      fileName: file.fileName,
      groupIds: [...touched],
      groupNames,
      ...(file.message !== undefined ? { message: file.message } : {}),
    },
    counts,
    seats: {
      needed: counts.invite + counts.reactivate,
      free: organization?.seatsFree ?? 0,
      proNeeded: counts.proGiven,
      proFree: organization?.proSeatsFree ?? 0,
    },
    problems: items.flatMap((i) =>
      i.kind === 'problem' ? [{ row: i.row, email: i.email, reason: i.reason ?? '' }] : [],
    ),
  };
}

function problem(row: Pick<ImportRow, 'row' | 'email'>, reason: string): ImportItem {
  return {
    row: row.row,
    email: row.email,
    kind: 'problem',
    pro: false,
    addGroupIds: [],
    removeGroupIds: [],
    adminOfGroupIds: [],
    reason,
  };
}

async function planRow(
  ctx: ServiceContext,
  row: ImportRow,
  groups: ReadonlyMap<string, Group | undefined>,
  authoritative: boolean,
): Promise<ImportItem> {
  const unknown = [...row.groups, ...row.groupAdminFor].find((name) => !groups.get(name.toLowerCase()));
  if (unknown !== undefined) return problem(row, `there is no group named “${unknown}”`);
  const groupIds = row.groups.map((name) => groups.get(name.toLowerCase())!.id);
  const adminOf = row.groupAdminFor.map((name) => groups.get(name.toLowerCase())!.id);
  const id = personKey(ctx.orgId, row.email);
  const [user, invitation] = await Promise.all([
    ctx.store.users.findById(id).select({ status: 1, role: 1, licenseType: 1, groupIds: 1, managedGroups: 1 }).lean(),
    ctx.store.invitations.findById(id).select({ status: 1 }).lean(),
  ]);
  if (!user) {
    if (invitation?.status === 'pending')
      return {
        ...problem(row, 'has a pending invitation (an import does not change pending invitations)'),
        kind: 'unchanged',
      };
    if (adminOf.length > 0)
      return problem(row, 'a group admin assignment needs someone who has joined: invite them first');
    try {
      // The same checks as /ub invite: the requester's rights over the groups, the role and Pro.
      await planInvite(ctx, { groupIds, ...(row.role ? { role: row.role } : {}), pro: row.pro });
    } catch (error) {
      return problem(row, toUbError(error).message);
    }
    return {
      row: row.row,
      email: row.email,
      kind: 'invite',
      ...(row.role ? { role: row.role } : {}),
      pro: row.pro,
      addGroupIds: groupIds,
      removeGroupIds: [],
      adminOfGroupIds: [],
    };
  }
  const managed = new Set(user.managedGroups.map((g) => g.groupId));
  const add = groupIds.filter((g) => !user.groupIds.includes(g));
  // Authoritative: the groups the file does not list go, among those the requester may change.
  const remove = authoritative
    ? user.groupIds.filter((g) => !groupIds.includes(g) && can(ctx.actor, 'group.remove_member', { groupIds: [g] }))
    : [];
  const role =
    row.role !== undefined && row.role !== user.role && !(row.role === 'group_admin' && adminOf.length > 0)
      ? row.role
      : undefined;
  const pro = row.pro && user.licenseType !== 'pro';
  const adminOfNew = adminOf.filter((g) => !managed.has(g));
  const reactivate = user.status === 'deactivated';
  const refusal =
    (reactivate && !can(ctx.actor, 'user.reactivate') && 'reactivating people is for admins') ||
    (add.some((g) => !can(ctx.actor, 'group.add_member', { groupIds: [g] })) && 'lists a group you do not manage') ||
    (role !== undefined && !can(ctx.actor, 'user.change_role') && 'changing roles is for admins') ||
    (pro && !can(ctx.actor, 'license.manage') && 'giving Pro licenses is for admins') ||
    (adminOfNew.length > 0 && !can(ctx.actor, 'group.assign_admin') && 'making group admins is for admins') ||
    undefined;
  if (refusal) return problem(row, refusal);
  const item: ImportItem = {
    row: row.row,
    email: row.email,
    kind: reactivate ? 'reactivate' : 'update',
    ...(role !== undefined ? { role } : {}),
    pro,
    addGroupIds: add,
    removeGroupIds: remove,
    adminOfGroupIds: adminOfNew,
  };
  if (!reactivate && add.length + remove.length + adminOfNew.length === 0 && role === undefined && !pro)
    return { ...item, kind: 'unchanged', reason: 'nothing to change' };
  return item;
}

/** Admins import anything; group admins with invite/deactivate import for their own groups (the rows say which). */
export function assertMayImport(ctx: ServiceContext): void {
  if (!mayEverDo(ctx.actor, 'user.invite'))
    throw new UbError(
      'not_authorized',
      'Only admins, and group admins with the invite/deactivate permission, can import people. Ask an admin.',
    );
}
