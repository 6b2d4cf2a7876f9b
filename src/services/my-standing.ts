import type { ServiceContext } from './context.js';
import { personKey, type LicenseType, type Role, type UserStatus } from './domain.js';
import { groupNamesById } from './groups/group-repository.js';
import { findOrganization } from './organization-repository.js';
import { contactsFor, displayName, type Contact } from './people/member-repository.js';

/** Where the person asking stands in ub: a member, an invitee, or someone ub does not know yet. */
export type Standing =
  | {
      kind: 'member';
      email: string;
      name: string;
      role: Role;
      status: UserStatus;
      licenseType: LicenseType;
      groups: Array<{ id: string; name: string }>;
      managedGroups: Array<{ id: string; name: string; canInviteDeactivate: boolean }>;
    }
  | { kind: 'invited'; email: string; invitedBy: string | undefined; firstSentAt: Date }
  /** `email` is undefined when their Slack profile shows none. */
  | { kind: 'unknown'; email: string | undefined };

export interface MyStanding {
  organizationName: string | undefined;
  me: Standing;
  /** Who to ask for more: the group admins of their groups first, then admins. Empty for admins. */
  contacts: Contact[];
}

/**
 * The person's own standing, for App Home, `/ub help` and `/ub user me`: a handful of `_id`
 * reads, plus a bounded read of a few people to ask when they are not an admin.
 */
export async function myStanding(ctx: ServiceContext): Promise<MyStanding> {
  const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
  const me = await standingOf(ctx);
  if (me.kind === 'member' && me.role === 'admin' && me.status === 'active')
    return { organizationName, me, contacts: [] };
  const managers =
    me.kind === 'member' ? await contactsFor(ctx.store, ctx.orgId, { managersOf: me.groups.map((g) => g.id) }, 2) : [];
  const admins = await contactsFor(ctx.store, ctx.orgId, { admins: true }, 3);
  const contacts = [...managers, ...admins.filter((a) => !managers.some((m) => m.email === a.email))];
  return { organizationName, me, contacts: contacts.filter((c) => c.email !== ctx.actor.email) };
}

async function standingOf(ctx: ServiceContext): Promise<Standing> {
  const email = ctx.actor.email;
  if (!email) return { kind: 'unknown', email: undefined };
  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).lean().exec();
  if (user) {
    const managed = user.status === 'active' ? (user.managedGroups ?? []) : [];
    const names = await groupNamesById(ctx.store, [...user.groupIds, ...managed.map((g) => g.groupId)]);
    return {
      kind: 'member',
      email,
      name: displayName(user),
      role: user.role,
      status: user.status,
      licenseType: user.licenseType,
      groups: user.groupIds.filter((g) => names.has(g)).map((id) => ({ id, name: names.get(id)! })),
      managedGroups: managed
        .filter((g) => names.has(g.groupId))
        .map((g) => ({
          id: g.groupId,
          name: names.get(g.groupId)!,
          canInviteDeactivate: g.permissions.includes('invite_deactivate'),
        })),
    };
  }
  const invitation = await ctx.store.invitations.findById(personKey(ctx.orgId, email)).lean().exec();
  if (invitation?.status === 'pending')
    return {
      kind: 'invited',
      email,
      invitedBy: invitation.invitedBy ?? undefined,
      firstSentAt: invitation.firstSentAt,
    };
  return { kind: 'unknown', email };
}
