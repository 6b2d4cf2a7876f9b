import type { ServiceContext } from './context.js';
import { DEFAULT_INVITATION_LANGUAGE, personKey, type BulkOutcome } from './domain.js';
import { normalizeEmail } from './email.js';
import type { InvitationDetails } from './invitations/invitation-details.js';
import { toUbError } from './errors.js';
import { changeMembershipBatch, settleMembershipBatches } from './groups/change-membership.js';
import { assignGroupAdmin } from './groups/change-group-admins.js';
import { requireGroupById } from './groups/group-repository.js';
import { inviteBatch, settleInviteBatches } from './invitations/invite-batch.js';
import { planInvite, type InvitePlan } from './invitations/invite-plan.js';
import { setPro } from './licenses/set-pro.js';
import { changeRole } from './people/change-role.js';
import { reactivateUser } from './people/reactivate-user.js';
import type { ImportInput, ImportItem } from './imports/import-item.js';

/** A page of an import's rows, named across attempts (`<runId>:p0003`). */
export interface ImportPage {
  key: string;
  runId: string;
  items: ImportItem[];
}

/** What each row got so far: the steps done and the first step that failed. */
interface RowProgress {
  done: string[];
  failed?: string;
}

/**
 * Applies a page of an import through the same service calls as the commands (with their
 * authorization and audit entries, source `import`): invites in batches of the same kind, group
 * moves in one batch per group, then reactivation, role, Pro and group-admin assignments person by
 * person. Every step recognizes its own earlier attempt (a batch by its id; a person's role, Pro,
 * status or assignment found already as the row wants it is not changed again), so the page
 * applied again after a crash changes nothing twice. A row that fails halfway says what was done.
 */
export async function applyImportPage(
  runCtx: ServiceContext,
  input: ImportInput,
  page: ImportPage,
): Promise<BulkOutcome[]> {
  // Audit entries say the import made the change, and which run (and, person by person, which row).
  const ctx: ServiceContext = { ...runCtx, source: 'import', requestId: page.runId };
  const rowCtx = (item: ImportItem): ServiceContext => ({ ...ctx, requestId: `${page.runId}:row${item.row}` });
  const progress = page.items.map((): RowProgress => ({ done: [] }));
  const live = (i: number) => progress[i]!.failed === undefined;
  const step = async (i: number, what: string, work: () => Promise<unknown>) => {
    if (!live(i)) return;
    try {
      await work();
      progress[i]!.done.push(what);
    } catch (error) {
      progress[i]!.failed = `${what} failed: ${toUbError(error).message}`;
    }
  };
  const applicable = (kinds: ImportItem['kind'][]) =>
    page.items.flatMap((item, i) => (kinds.includes(item.kind) ? [{ item, i }] : []));

  // Reactivation first: a deactivated person's other changes need them active.
  for (const { item, i } of applicable(['reactivate']))
    await step(i, 'reactivated', async () => {
      const user = await ctx.store.users.findById(personKey(ctx.orgId, item.email)).select({ status: 1 }).lean();
      if (user?.status !== 'active') await reactivateUser(rowCtx(item), item.email);
    });

  for (const [k, group] of [...inviteGroups(page.items).values()].entries()) {
    let plan: InvitePlan;
    try {
      plan = await planInvite(ctx, {
        ...group.plan,
        ...(input.message !== undefined ? { message: input.message } : {}),
      });
    } catch (error) {
      for (const i of group.indexes) progress[i]!.failed = `invitation failed: ${toUbError(error).message}`;
      continue;
    }
    const outcomes = await inviteBatch(ctx, plan, {
      id: `${page.key}:i${k}`,
      run: page.runId,
      items: group.indexes.map((i) => ({ index: page.items[i]!.row, email: page.items[i]!.email })),
    });
    outcomes.forEach((outcome, n) => {
      const i = group.indexes[n]!;
      if (outcome.status === 'done') progress[i]!.done.push('invited');
      else progress[i]!.failed = `invitation ${outcome.status === 'skipped' ? 'skipped' : 'failed'}: ${outcome.reason}`;
    });
  }

  for (const change of ['add', 'remove'] as const)
    for (const groupId of input.groupIds) {
      const rows = applicable(['update', 'reactivate']).filter(
        ({ item, i }) => live(i) && (change === 'add' ? item.addGroupIds : item.removeGroupIds).includes(groupId),
      );
      if (rows.length === 0) continue;
      const name = input.groupNames[groupId] ?? 'a group';
      const what = change === 'add' ? `added to ${name}` : `removed from ${name}`;
      try {
        const group = await requireGroupById(ctx.store, ctx.orgId, groupId);
        const outcomes = await changeMembershipBatch(ctx, group, change, {
          id: membershipBatchId(page.key, change, groupId),
          items: rows.map(({ item }) => ({ index: item.row, email: item.email })),
        });
        outcomes.forEach((outcome, n) => {
          const i = rows[n]!.i;
          // "Already a member" (or "not a member") leaves them as the row wants.
          if (outcome.status === 'failed') progress[i]!.failed = `${what} failed: ${outcome.reason}`;
          else progress[i]!.done.push(what);
        });
      } catch (error) {
        for (const { i } of rows) progress[i]!.failed = `${what} failed: ${toUbError(error).message}`;
      }
    }

  for (const { item, i } of applicable(['update', 'reactivate'])) {
    const current = () =>
      ctx.store.users
        .findById(personKey(ctx.orgId, item.email))
        .select({ role: 1, licenseType: 1, managedGroups: 1 })
        .lean()
        .exec();
    if (item.role !== undefined) {
      const role = item.role;
      await step(i, `role ${role.replace('_', ' ')}`, async () => {
        if ((await current())?.role !== role) await changeRole(rowCtx(item), { email: item.email, role });
      });
    }
    if (item.pro)
      await step(i, 'Pro license', async () => {
        if ((await current())?.licenseType !== 'pro') await setPro(rowCtx(item), { email: item.email, pro: true });
      });
    for (const groupId of item.adminOfGroupIds) {
      const name = input.groupNames[groupId] ?? 'a group';
      await step(i, `group admin of ${name}`, async () => {
        const managed = (await current())?.managedGroups.some((g) => g.groupId === groupId);
        if (!managed) await assignGroupAdmin(rowCtx(item), { groupName: name, email: item.email, permissions: [] });
      });
    }
  }

  return page.items.map((item, i) => outcomeOf(item, progress[i]!));
}

/** What an imported invitee's invitation DM says: the invitation as the row made it, with the import's message. */
export function importedInvitation(input: ImportInput, item: ImportItem): InvitationDetails {
  return {
    email: normalizeEmail(item.email),
    role: item.role ?? 'user',
    licenseType: item.pro ? 'pro' : 'standard',
    groupNames: item.addGroupIds.map((id) => input.groupNames[id] ?? 'a group'),
    message: input.message,
    language: DEFAULT_INVITATION_LANGUAGE,
    slackUserId: undefined,
  };
}

function outcomeOf(item: ImportItem, progress: RowProgress): BulkOutcome {
  const where = `row ${item.row}`;
  if (item.kind === 'problem') return { status: 'failed', email: item.email, reason: `${where}: ${item.reason ?? ''}` };
  if (item.kind === 'unchanged')
    return { status: 'skipped', email: item.email, reason: `${where}: ${item.reason ?? 'nothing to change'}` };
  if (progress.failed !== undefined) {
    const done = progress.done.length > 0 ? `${progress.done.join(', ')}; ` : '';
    return { status: 'failed', email: item.email, reason: `${where}: ${done}${progress.failed}` };
  }
  return { status: 'done', email: item.email, reason: '' };
}

/** The page's invitations, one batch per kind of invitation (same groups, role and Pro), in a stable order. */
function inviteGroups(
  items: ImportItem[],
): Map<string, { plan: { groupIds: string[]; role?: ImportItem['role']; pro: boolean }; indexes: number[] }> {
  const groups = new Map<
    string,
    { plan: { groupIds: string[]; role?: ImportItem['role']; pro: boolean }; indexes: number[] }
  >();
  items.forEach((item, i) => {
    if (item.kind !== 'invite') return;
    const groupIds = [...item.addGroupIds].sort();
    const key = JSON.stringify([groupIds, item.role ?? '', item.pro]);
    const entry = groups.get(key) ?? {
      plan: { groupIds, ...(item.role ? { role: item.role } : {}), pro: item.pro },
      indexes: [],
    };
    entry.indexes.push(i);
    groups.set(key, entry);
  });
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function membershipBatchId(pageKey: string, change: 'add' | 'remove', groupId: string): string {
  return `${pageKey}:${change === 'add' ? 'a' : 'r'}:${groupId}`;
}

/**
 * Once every page is applied: forgets the seat and member-count tokens the pages' batches left
 * (see settleInviteBatches and settleMembershipBatches), recomputing each page's batch ids from its rows.
 */
export async function settleImportPages(ctx: ServiceContext, input: ImportInput, pages: ImportPage[]): Promise<void> {
  for (const page of pages) {
    let k = 0;
    for (const group of inviteGroups(page.items).values()) {
      const id = `${page.key}:i${k++}`;
      await settleInviteBatches(ctx, { groupIds: group.plan.groupIds }, [id]);
    }
  }
  for (const groupId of input.groupIds)
    await settleMembershipBatches(
      ctx,
      groupId,
      pages.flatMap((page) => [
        membershipBatchId(page.key, 'add', groupId),
        membershipBatchId(page.key, 'remove', groupId),
      ]),
    );
}
