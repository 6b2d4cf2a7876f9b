import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAuditOnce, type AuditRecord } from '../record-audit.js';
import { emailSchema } from '../email.js';
import { UbError } from '../errors.js';
import { requireGroup, type Group } from './group-repository.js';
import { bulkResultOf, personKey, type BulkOutcome, type BulkResult, type FunnelFields } from '../domain.js';
import { addIncrements, funnelIncrements } from '../funnel-counter-repository.js';
import { addGroupMembersIndexed, removeGroupMembersIndexed } from '../search/member-index-repository.js';

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

/** The group a removal would change, for the confirmation: checks the actor may remove people from it first. */
export async function previewMemberRemoval(ctx: ServiceContext, groupName: string): Promise<Group> {
  return previewMembershipChange(ctx, groupName, 'remove');
}

/** The group a bulk add or removal would change, for its confirmation, once the actor may change it. */
export async function previewMembershipChange(
  ctx: ServiceContext,
  groupName: string,
  change: MembershipChange,
): Promise<Group> {
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertMayChange(ctx, group, change);
  return group;
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
  const delta = (change === 'add' ? 1 : -1) * result.done.length;
  return { ...result, group: { ...group, memberCount: group.memberCount + delta } };
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
  // The funnel steps of the people this batch added or removed, counted on the group with its member count.
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
      outcomes.push({
        status: verdict.status,
        email: item.email,
        reason: verdict.status === 'done' ? '' : verdict.reason,
      });
      if (verdict.status === 'done') {
        changedEmails.push(email);
        addIncrements(
          funnel,
          change === 'add' ? funnelIncrements(undefined, verdict.member) : funnelIncrements(verdict.member, undefined),
        );
        audits.push({
          id: `${key}:${change === 'add' ? 'group.member_added' : 'group.member_removed'}`,
          action: change === 'add' ? 'group.member_added' : 'group.member_removed',
          targetType: 'user',
          targetId: personKey(ctx.orgId, email),
          subjects: [email, group.id],
          ...(change === 'add' ? { after: { group: group.name } } : { before: { group: group.name } }),
        });
      }
    }
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
  const changed = outcomes.filter((o) => o.status === 'done').length;
  await ctx.store.groups
    .updateOne(
      { _id: group.id, [`countMoves.${batch.id}`]: { $exists: false } },
      {
        ...(changed > 0 ? { $inc: { memberCount: change === 'add' ? changed : -changed, ...funnel } } : {}),
        $set: { [`countMoves.${batch.id}`]: changed },
      },
    )
    .exec();
  await recordAuditOnce(ctx, audits);
  return outcomes;
}

/** Drops the member-count tokens of batches applied for good (see settleInviteBatches): one update. */
export async function settleMembershipBatches(ctx: ServiceContext, groupId: string, batchIds: string[]): Promise<void> {
  if (batchIds.length === 0) return;
  await ctx.store.groups
    .updateOne({ _id: groupId }, { $unset: Object.fromEntries(batchIds.map((id) => [`countMoves.${id}`, 1])) })
    .exec();
}

/** Which list of the result one person lands in, and why. */
type Verdict = { status: 'done'; member: FunnelFields } | { status: 'skipped' | 'failed'; reason: string };

async function addOne(ctx: ServiceContext, group: Group, email: string, key: string): Promise<Verdict> {
  const id = personKey(ctx.orgId, email);
  // The person as this write left them: the funnel steps they bring into the group.
  const changed = await ctx.store.users
    .findOneAndUpdate(
      { _id: id, status: 'active', groupIds: { $ne: group.id } },
      { $addToSet: { groupIds: group.id }, $inc: { version: 1 }, $set: { [`membershipChanges.${group.id}`]: key } },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (changed) return { status: 'done', member: changed };
  const user = await ctx.store.users.findById(id).lean().exec();
  if (!user)
    return { status: 'failed', reason: 'no user with this email: invite them with `/ub invite <email> --group`' };
  if (user.membershipChanges?.[group.id] === key) return { status: 'done', member: user };
  if (user.status !== 'active') return { status: 'failed', reason: 'deactivated: reactivate them first' };
  return { status: 'skipped', reason: 'already a member' };
}

async function removeOne(ctx: ServiceContext, group: Group, email: string, key: string): Promise<Verdict> {
  const id = personKey(ctx.orgId, email);
  const changed = await ctx.store.users
    .findOneAndUpdate(
      { _id: id, groupIds: group.id },
      { $pull: { groupIds: group.id }, $inc: { version: 1 }, $set: { [`membershipChanges.${group.id}`]: key } },
      { returnDocument: 'before' },
    )
    .lean()
    .exec();
  if (changed) return { status: 'done', member: changed };
  const user = await ctx.store.users.findById(id).lean().exec();
  if (user?.membershipChanges?.[group.id] === key) return { status: 'done', member: user };
  return user ? { status: 'skipped', reason: 'not a member' } : { status: 'failed', reason: 'no user with this email' };
}
