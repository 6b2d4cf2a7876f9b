import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { emailSchema } from '../email.js';
import { UbError } from '../errors.js';
import { requireGroup, type Group } from './group-repository.js';
import { personKey, type BulkResult } from '../domain.js';
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
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertCan(ctx.actor, 'group.remove_member', { groupIds: [group.id], groupName: group.name });
  return group;
}

async function changeMembership(
  ctx: ServiceContext,
  groupName: string,
  emails: string[],
  change: 'add' | 'remove',
): Promise<MembershipResult> {
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertCan(ctx.actor, change === 'add' ? 'group.add_member' : 'group.remove_member', {
    groupIds: [group.id],
    groupName: group.name,
  });
  if (emails.length === 0) throw new UbError('invalid_input', 'Name at least one person (email or @mention).');
  if (emails.length > MAX_MEMBERS_PER_REQUEST)
    throw new UbError('invalid_input', `At most ${MAX_MEMBERS_PER_REQUEST} people at a time (got ${emails.length}).`);
  const result: MembershipResult = { group, done: [], skipped: [], failed: [] };
  const parsed = emails.map((raw) => ({ raw, email: emailSchema.safeParse(raw).data }));
  const apply = async (): Promise<string[]> => {
    const seen = new Set<string>();
    for (const { raw, email } of parsed) {
      if (email === undefined) {
        result.failed.push({ email: raw, reason: 'not a valid email address' });
        continue;
      }
      if (seen.has(email)) continue;
      seen.add(email);
      const verdict = change === 'add' ? await addOne(ctx, group, email) : await removeOne(ctx, group, email);
      if (verdict.status === 'done') result.done.push({ email });
      else result[verdict.status].push({ email, reason: verdict.reason });
    }
    return result.done.map((d) => d.email);
  };
  // The group's search set changes around the member writes, in one set write for all (decision 018).
  if (change === 'add')
    await addGroupMembersIndexed(
      ctx.store,
      ctx.orgId,
      group.id,
      parsed.flatMap((p) => (p.email === undefined ? [] : [p.email])),
      apply,
    );
  else await removeGroupMembersIndexed(ctx.store, ctx.orgId, group.id, apply);
  if (result.done.length > 0) {
    const delta = change === 'add' ? result.done.length : -result.done.length;
    await ctx.store.groups.updateOne({ _id: group.id }, { $inc: { memberCount: delta } }).exec();
    result.group = { ...group, memberCount: group.memberCount + delta };
  }
  return result;
}

/** Which list of the result one person lands in, and why. */
type Verdict = { status: 'done' } | { status: 'skipped' | 'failed'; reason: string };

async function addOne(ctx: ServiceContext, group: Group, email: string): Promise<Verdict> {
  const id = personKey(ctx.orgId, email);
  const changed = await ctx.store.users
    .updateOne(
      { _id: id, status: 'active', groupIds: { $ne: group.id } },
      { $addToSet: { groupIds: group.id }, $inc: { version: 1 } },
    )
    .exec();
  if (changed.modifiedCount === 1) {
    await recordAudit(ctx, {
      action: 'group.member_added',
      targetType: 'user',
      targetId: id,
      subjects: [email, group.id],
      after: { group: group.name },
    });
    return { status: 'done' };
  }
  const user = await ctx.store.users.findById(id).lean().exec();
  if (!user)
    return { status: 'failed', reason: 'no user with this email: invite them with `/ub invite <email> --group`' };
  if (user.status !== 'active') return { status: 'failed', reason: 'deactivated: reactivate them first' };
  return { status: 'skipped', reason: 'already a member' };
}

async function removeOne(ctx: ServiceContext, group: Group, email: string): Promise<Verdict> {
  const id = personKey(ctx.orgId, email);
  const changed = await ctx.store.users
    .updateOne({ _id: id, groupIds: group.id }, { $pull: { groupIds: group.id }, $inc: { version: 1 } })
    .exec();
  if (changed.modifiedCount === 1) {
    await recordAudit(ctx, {
      action: 'group.member_removed',
      targetType: 'user',
      targetId: id,
      subjects: [email, group.id],
      before: { group: group.name },
    });
    return { status: 'done' };
  }
  const user = await ctx.store.users.findById(id).lean().exec();
  return user ? { status: 'skipped', reason: 'not a member' } : { status: 'failed', reason: 'no user with this email' };
}
