import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { requireGroup, type Group } from './group-repository.js';
import { pendingInviteesOfGroup } from '../invitations/invitation-repository.js';

export interface GroupMember {
  email: string;
  name: string;
  status: string;
}

export interface GroupDetails {
  group: Group;
  admins: Array<GroupMember & { canInviteDeactivate: boolean }>;
  members: GroupMember[];
  /** Where the next page of members starts; undefined when this page showed the last of them. */
  next: string | undefined;
  /** One page of the pending invitees (they join the group when they accept), listed apart. */
  invitees: string[];
  nextInvitee: string | undefined;
}

/** Where a page of `/ub group show` starts, for members and for invitees; `false`: that list is done. */
export interface GroupShowCursor {
  after?: string | false;
  inviteesAfter?: string | false;
  limit: number;
}

/**
 * A group with its group admins, one page of its members and one page of its pending invitees
 * (each a keyset on `_id`; a list whose last page was shown stays empty on the next pages).
 */
export async function showGroup(ctx: ServiceContext, groupName: string, input: GroupShowCursor): Promise<GroupDetails> {
  const group = await requireGroup(ctx.store, ctx.orgId, groupName);
  assertCan(ctx.actor, 'group.view', { groupIds: [group.id], groupName: group.name });
  const filter: Record<string, unknown> = { orgId: ctx.orgId, groupIds: group.id };
  if (typeof input.after === 'string') filter._id = { $gt: input.after };
  const [page, admins, invited] = await Promise.all([
    input.after === false
      ? []
      : ctx.store.users
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
    input.inviteesAfter === false || group.inviteeCount === 0
      ? { emails: [], next: undefined }
      : pendingInviteesOfGroup(ctx.store, ctx.orgId, group.id, {
          limit: input.limit,
          ...(typeof input.inviteesAfter === 'string' ? { after: input.inviteesAfter } : {}),
        }),
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
    invitees: invited.emails,
    nextInvitee: invited.next,
  };
}
