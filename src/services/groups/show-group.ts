import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { requireGroup, type Group } from './group-repository.js';

export interface GroupMember {
  email: string;
  name: string;
  status: string;
}

export interface GroupDetails {
  group: Group;
  admins: Array<GroupMember & { canInviteDeactivate: boolean }>;
  members: GroupMember[];
  next: string | undefined;
}

/** A group with one page of its members (keyset on user `_id`) and its group admins. */
export async function showGroup(
  ctx: ServiceContext,
  groupName: string,
  input: { after?: string; limit: number },
): Promise<GroupDetails> {
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertCan(ctx.actor, 'group.view', { groupIds: [group.id], groupName: group.name });
  const filter: Record<string, unknown> = { orgId: ctx.orgId, groupIds: group.id };
  if (input.after !== undefined) filter._id = { $gt: input.after };
  const [page, admins] = await Promise.all([
    ctx.store.users
      .find(filter)
      .sort({ _id: 1 })
      .limit(input.limit + 1)
      .lean()
      .exec(),
    ctx.store.users
      .find({ orgId: ctx.orgId, 'managedGroups.groupId': group.id })
      .sort({ _id: 1 })
      .limit(50)
      .lean()
      .exec(),
  ]);
  const members = page.slice(0, input.limit);
  const person = (u: { email: string; firstName: string; surname: string; status: string }): GroupMember => ({
    email: u.email,
    name: `${u.firstName} ${u.surname}`.trim(),
    status: u.status,
  });
  return {
    group,
    admins: admins.map((u) => ({
      ...person(u),
      canInviteDeactivate: u.managedGroups.some(
        (g) => g.groupId === group.id && g.permissions.includes('invite_deactivate'),
      ),
    })),
    members: members.map(person),
    next: page.length > input.limit ? members.at(-1)?._id : undefined,
  };
}
