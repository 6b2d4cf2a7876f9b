import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAuditOnce, type AuditRecord } from '../record-audit.js';
import { emailSchema } from '../email.js';
import { UbError } from '../errors.js';
import { requireGroup, type Group } from './group-repository.js';
import { changePendingInvitationGroup, pendingInvitationGroups } from '../invitations/invitation-repository.js';
import { bulkResultOf, personKey, type BulkOutcome, type BulkResult, type FunnelFields } from '../domain.js';
import { addIncrements, funnelIncrements } from '../insights/funnel-counter-repository.js';
import { addGroupMembersIndexed, removeGroupMembersIndexed } from '../search/member-index-repository.js';
import type { UserDoc } from '../models/user.js';
import { groupMembershipWrite, updateByIdGuarded } from '../update-by-id-guarded.js';

export const MAX_MEMBERS_PER_REQUEST = 1000;

/** The bulk result of adding or removing members, with the group as it is afterwards. */
export interface MembershipResult extends BulkResult {
  group: Group;
}

/**
 * Adds people who already hold a license (active users) to a group. Each person is one guarded
 * update (`groupIds: { $ne: group }`), and the group's member count moves by exactly the number
 * of updates that changed something, so concurrent adds never double-count.
 */
export async function addMembers(ctx: ServiceContext, groupName: string, emails: string[]): Promise<MembershipResult> {
  return changeMembership(ctx, groupName, emails, 'add');
}

/** Removes people from a group; they keep their account, license and other groups. */
export async function removeMembers(
  ctx: ServiceContext,
  groupName: string,
  emails: string[],
): Promise<MembershipResult> {
  return changeMembership(ctx, groupName, emails, 'remove');
}

/** What a group add or removal would change, counted before asking: only what will really change. */
export interface MembershipPlan {
  group: Group;
  /** Members (or active users, for an add) whose membership changes. */
  members: string[];
  /** Pending invitees whose invitation's groups change: they join (or no longer join) on accepting. */
  invitees: string[];
  /** Everyone else, with why they are left out (already in it, not in ub, deactivated…). */
  leftOut: BulkOutcome[];
}

/**
 * The plan of a group add or removal, for its confirmation, once the actor may change the group:
 * each address is classified by two `_id` reads (member, invitation), as the change would find it.
 */
export async function previewMembershipChange(
  ctx: ServiceContext,
  groupName: string,
  change: MembershipChange,
  emails: string[],
): Promise<MembershipPlan> {
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertMayChange(ctx, group, change);
  const plan: MembershipPlan = { group, members: [], invitees: [], leftOut: [] };
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const typed of emails) {
    const email = emailSchema.safeParse(typed).data;
    if (email === undefined) plan.leftOut.push({ status: 'failed', email: typed, reason: 'not a valid email address' });
    else if (seen.has(email)) plan.leftOut.push({ status: 'skipped', email: typed, reason: 'listed twice' });
    else {
      seen.add(email);
      unique.push(email);
    }
  }
  for (let first = 0; first < unique.length; first += PREVIEW_READS_AT_ONCE) {
    const slice = unique.slice(first, first + PREVIEW_READS_AT_ONCE);
    const found = await Promise.all(
      slice.map(async (email) => {
        const id = personKey(ctx.orgId, email);
        const [user, invitedInto] = await Promise.all([
          ctx.store.users.findById(id).select({ status: 1, groupIds: 1 }).lean().exec(),
          pendingInvitationGroups(ctx.store, id),
        ]);
        return { email, user, invitedInto };
      }),
    );
    for (const { email, user, invitedInto } of found) {
      const verdict = foreseeChange(change, group, user ?? undefined, invitedInto);
      if (verdict.status === 'done') plan[verdict.as === 'member' ? 'members' : 'invitees'].push(email);
      else plan.leftOut.push({ status: verdict.status, email, reason: verdict.reason });
    }
  }
  return plan;
}

/** Reads in flight at once while a plan classifies up to 1,000 addresses. */
const PREVIEW_READS_AT_ONCE = 50;

/** What a change would do to one person, from their member document and pending invitation's groups. */
function foreseeChange(
  change: MembershipChange,
  group: Group,
  user: { status: string; groupIds: string[] } | undefined,
  invitedInto: string[] | undefined,
): Verdict {
  if (change === 'add') {
    if (user?.status === 'active')
      return user.groupIds.includes(group.id) ? alreadyMember : { status: 'done', as: 'member' };
    if (user) return deactivatedMember;
    if (invitedInto) return invitedInto.includes(group.id) ? alreadyInvited : { status: 'done', as: 'invitee' };
    return notInUb(group);
  }
  if (user?.groupIds.includes(group.id)) return { status: 'done', as: 'member' };
  if (invitedInto?.includes(group.id)) return { status: 'done', as: 'invitee' };
  return user || invitedInto ? notInGroup : nobodyToRemove;
}

async function changeMembership(
  ctx: ServiceContext,
  groupName: string,
  emails: string[],
  change: MembershipChange,
): Promise<MembershipResult> {
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertMayChange(ctx, group, change);
  if (emails.length === 0) throw new UbError('invalid_input', 'Name at least one person (email or @mention).');
  if (emails.length > MAX_MEMBERS_PER_REQUEST)
    throw new UbError('invalid_input', `At most ${MAX_MEMBERS_PER_REQUEST} people at a time (got ${emails.length}).`);
  const id = `${ctx.orgId}:inline:${randomBytes(6).toString('hex')}`;
  const outcomes = await changeMembershipBatch(ctx, group, change, {
    id,
    items: emails.map((email, index) => ({ index, email })),
  });
  await settleMembershipBatches(ctx, group.id, [id]);
  const result = bulkResultOf(outcomes);
  const sign = change === 'add' ? 1 : -1;
  const invitees = outcomes.filter((o) => o.status === 'done' && o.reason !== '').length;
  const members = result.done.length - invitees;
  return {
    ...result,
    group: {
      ...group,
      memberCount: group.memberCount + sign * members,
      inviteeCount: group.inviteeCount + sign * invitees,
    },
  };
}

export type MembershipChange = 'add' | 'remove';

/** Refuses an actor who may not add people to (or remove them from) this group. */
export function assertMayChange(ctx: ServiceContext, group: Group, change: MembershipChange): void {
  assertCan(ctx.actor, change === 'add' ? 'group.add_member' : 'group.remove_member', {
    groupIds: [group.id],
    groupName: group.name,
  });
}

/**
 * Adds people to a group or removes them, one batch (a page of a bulk run, or a whole small
 * request), each person exactly once: the guarded update records the item that made the change
 * (`membershipChanges.<group>`), so a batch applied again after a crash recognizes its own changes,
 * and the group's member count moves once per batch by the number of changes (the batch's token is
 * set in the same `$inc`). Audit entries have ids derived from the batch and item.
 */
export async function changeMembershipBatch(
  ctx: ServiceContext,
  group: Group,
  change: MembershipChange,
  batch: { id: string; items: Array<{ index: number; email: string }> },
): Promise<BulkOutcome[]> {
  assertMayChange(ctx, group, change);
  const outcomes: BulkOutcome[] = [];
  const audits: Array<AuditRecord & { id: string }> = [];
  let changedInvitees = 0;
  // The funnel steps of the members this batch added or removed, counted on the group with its member count.
  const funnel: Record<string, number> = {};
  const apply = async (): Promise<string[]> => {
    const changedEmails: string[] = [];
    const seen = new Set<string>();
    for (const item of batch.items) {
      const parsed = emailSchema.safeParse(item.email);
      if (!parsed.success) {
        outcomes.push({ status: 'failed', email: item.email, reason: 'not a valid email address' });
        continue;
      }
      const email = parsed.data;
      if (seen.has(email)) {
        outcomes.push({ status: 'skipped', email, reason: 'listed twice' });
        continue;
      }
      seen.add(email);
      const key = `${batch.id}:${item.index}`;
      const verdict = change === 'add' ? await addOne(ctx, group, email, key) : await removeOne(ctx, group, email, key);
      if (verdict.status !== 'done') {
        outcomes.push({ status: verdict.status, email: item.email, reason: verdict.reason });
        continue;
      }
      const invitee = verdict.as === 'invitee';
      outcomes.push({
        status: 'done',
        email: item.email,
        reason: invitee ? (change === 'add' ? INVITEE_ADDED : INVITEE_REMOVED) : '',
      });
      if (invitee) changedInvitees++;
      else changedEmails.push(email);
      if (verdict.member)
        addIncrements(
          funnel,
          change === 'add' ? funnelIncrements(undefined, verdict.member) : funnelIncrements(verdict.member, undefined),
        );
      audits.push({
        id: `${key}:${change === 'add' ? 'group.member_added' : 'group.member_removed'}`,
        action: change === 'add' ? 'group.member_added' : 'group.member_removed',
        targetType: invitee ? 'invitation' : 'user',
        targetId: personKey(ctx.orgId, email),
        subjects: [email, group.id],
        ...(change === 'add'
          ? { after: { group: group.name, ...(invitee ? { pending: true } : {}) } }
          : { before: { group: group.name, ...(invitee ? { pending: true } : {}) } }),
      });
    }
    // The counts and the audit entries follow the member writes at once, before the search set's
    // second write: a failure there (a busy set lock) must not leave people added but uncounted.
    await countBatch(ctx, group, change, batch.id, {
      members: outcomes.filter((o) => o.status === 'done').length - changedInvitees,
      invitees: changedInvitees,
      funnel,
    });
    await recordAuditOnce(ctx, audits);
    return changedEmails;
  };
  // The group's search set changes around the member writes, in one set write for all (decision 018).
  if (change === 'add') {
    const candidates = batch.items.flatMap((item) => {
      const email = emailSchema.safeParse(item.email).data;
      return email === undefined ? [] : [email];
    });
    await addGroupMembersIndexed(ctx.store, ctx.orgId, group.id, candidates, apply);
  } else await removeGroupMembersIndexed(ctx.store, ctx.orgId, group.id, apply);
  return outcomes;
}

/** Members and invitees move in the one update that sets the batch's token (decision 014). */
async function countBatch(
  ctx: ServiceContext,
  group: Group,
  change: MembershipChange,
  batchId: string,
  moved: { members: number; invitees: number; funnel: Record<string, number> },
): Promise<void> {
  const sign = change === 'add' ? 1 : -1;
  const moves = {
    ...(moved.members > 0 ? { memberCount: sign * moved.members } : {}),
    ...(moved.invitees > 0 ? { inviteeCount: sign * moved.invitees } : {}),
    ...moved.funnel,
  };
  await ctx.store.groups
    .updateOne(
      { _id: group.id, [`countMoves.${batchId}`]: { $exists: false } },
      {
        ...(Object.keys(moves).length > 0 ? { $inc: moves } : {}),
        $set: { [`countMoves.${batchId}`]: moved.members + moved.invitees },
      },
    )
    .exec();
}

/** Drops the member-count tokens of batches applied for good (see settleInviteBatches): one update. */
export async function settleMembershipBatches(ctx: ServiceContext, groupId: string, batchIds: string[]): Promise<void> {
  if (batchIds.length === 0) return;
  await ctx.store.groups
    .updateOne({ _id: groupId }, { $unset: Object.fromEntries(batchIds.map((id) => [`countMoves.${id}`, 1])) })
    .exec();
}

/** Which list of the result one person lands in, and why; a change says whether a member or an invitee changed. */
type Verdict =
  | { status: 'done'; as: 'member' | 'invitee'; member?: FunnelFields }
  | { status: 'skipped' | 'failed'; reason: string };

const alreadyMember: Verdict = { status: 'skipped', reason: 'already a member' };
const alreadyInvited: Verdict = { status: 'skipped', reason: 'already invited into this group' };
const deactivatedMember: Verdict = { status: 'failed', reason: 'deactivated: reactivate them first' };
const notInGroup: Verdict = { status: 'skipped', reason: 'not in this group' };
const nobodyToRemove: Verdict = { status: 'failed', reason: 'nobody with this email is a member or invited' };
function notInUb(group: Group): Verdict {
  return {
    status: 'failed',
    reason: `not a member or invited yet: invite them with \`/ub invite <email> --group "${group.name}"\``,
  };
}

/** Said of an invitee whose invitation's groups changed (they are not members yet). */
export const INVITEE_ADDED = 'invited: joins the group on accepting';
export const INVITEE_REMOVED = 'invited: no longer joins the group on accepting';

/** What a membership write reads of a member: enough to decide, recognize its own write, and count the funnel. */
const MEMBER_FIELDS = {
  status: 1,
  groupIds: 1,
  membershipChanges: 1,
  firstEnrollmentAt: 1,
  firstLectureAt: 1,
} as const;

type MemberState = FunnelFields & {
  groupIds: string[];
  membershipChanges?: Record<string, string> | undefined;
  version?: number | undefined;
};

/**
 * One member's membership write, by `_id` only (updateByIdGuarded: FerretDB/SQLite would scan
 * `users` for a guarded filter). The write records the batch item that made it
 * (`membershipChanges.<group>`), so a batch applied again recognizes its own change. Other changes of
 * this group's memberships wait on its search-set lock (decision 018), so the undo of a write made
 * on a stale read (the person was deactivated meanwhile) reverses only this write.
 */
async function writeMembership(
  ctx: ServiceContext,
  id: string,
  groupId: string,
  change: MembershipChange,
  key: string,
): Promise<{ changed: FunnelFields } | { unchanged: MemberState | undefined }> {
  const write = groupMembershipWrite<MemberState>({
    groupId,
    change,
    key,
    marks: 'membershipChanges',
    markOf: (before) => before.membershipChanges?.[groupId],
  });
  const written = await updateByIdGuarded<UserDoc, MemberState>(
    ctx.store.users,
    id,
    MEMBER_FIELDS,
    (user) =>
      user.membershipChanges?.[groupId] !== key &&
      (change === 'add'
        ? user.status === 'active' && !user.groupIds.includes(groupId)
        : user.groupIds.includes(groupId)),
    write.update,
    write.undo,
  );
  if (written.applied) return { changed: written.before };
  // Changed by this very item before a crash: the same change, reported (and counted) again.
  if (written.doc?.membershipChanges?.[groupId] === key) return { changed: written.doc };
  return { unchanged: written.doc };
}

/**
 * Adds one person: an active member's document, else a pending invitation's groups. An invitation
 * accepted between the two tries is a member by then: the member is tried once more.
 */
async function addOne(ctx: ServiceContext, group: Group, email: string, key: string): Promise<Verdict> {
  const id = personKey(ctx.orgId, email);
  for (let attempt = 0; attempt < 2; attempt++) {
    const member = await writeMembership(ctx, id, group.id, 'add', key);
    if ('changed' in member) return { status: 'done', as: 'member', member: member.changed };
    const user = member.unchanged;
    const invitation = await changePendingInvitationGroup(ctx.store, id, group.id, 'add', key);
    if (invitation === 'changed') return { status: 'done', as: 'invitee' };
    if (invitation === 'unchanged') return alreadyInvited;
    if (user) return user.status !== 'active' ? deactivatedMember : alreadyMember;
    const now = await ctx.store.users.findById(id).select({ _id: 1 }).lean().exec();
    if (!now) return notInUb(group);
  }
  return alreadyMember;
}

/** Removes one person: from a member's groups, else from a pending invitation's groups. */
async function removeOne(ctx: ServiceContext, group: Group, email: string, key: string): Promise<Verdict> {
  const id = personKey(ctx.orgId, email);
  for (let attempt = 0; attempt < 2; attempt++) {
    // The member as the write found them: the funnel steps they take out of the group.
    const member = await writeMembership(ctx, id, group.id, 'remove', key);
    if ('changed' in member) return { status: 'done', as: 'member', member: member.changed };
    const user = member.unchanged;
    const invitation = await changePendingInvitationGroup(ctx.store, id, group.id, 'remove', key);
    if (invitation === 'changed') return { status: 'done', as: 'invitee' };
    if (invitation === 'unchanged' || user) return notInGroup;
    // Not pending any more and no member a moment ago: accepted meanwhile, then the member is tried again.
    const now = await ctx.store.users.findById(id).select({ groupIds: 1 }).lean().exec();
    if (!now) return nobodyToRemove;
    if (!now.groupIds.includes(group.id)) return notInGroup;
  }
  return notInGroup;
}
