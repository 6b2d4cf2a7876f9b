import type { Actor } from './context.js';
import type { GroupAdminPermission } from './domain.js';
import { UbError } from './errors.js';

/**
 * Who may do what (rules file, "Roles"). Admins may do everything. Group admins act only on
 * people in groups they manage: they may always view them, remove them from those groups and
 * add already-licensed people to those groups; with the invite/deactivate permission they may
 * also invite into those groups, see their pending invitations and deactivated users, and
 * deactivate their members. Users may only look at themselves.
 */
export type Action =
  | 'user.view'
  | 'user.invite'
  | 'user.deactivate'
  | 'user.reactivate'
  | 'user.change_role'
  | 'invitation.view'
  | 'invitation.manage'
  | 'license.manage'
  | 'group.create'
  | 'group.rename'
  | 'group.delete'
  | 'group.view'
  | 'group.add_member'
  | 'group.remove_member'
  | 'group.assign_admin'
  | 'audit.view'
  | 'insights.view'
  | 'digest.subscribe'
  | 'nudge.send'
  | 'nudge.configure'
  | 'activity.import';

/** What the action is aimed at: the groups involved and, for people, their email. */
export interface Target {
  /** Groups the action goes through (the target's groups, or the group being changed). */
  groupIds?: string[];
  email?: string;
  /** The group being acted on, by name, so a refusal can say which group it was. */
  groupName?: string;
}

const groupAdminAlways: ReadonlySet<Action> = new Set([
  'user.view',
  'group.view',
  'group.add_member',
  'group.remove_member',
  'insights.view',
  'digest.subscribe',
  'nudge.send',
]);
const groupAdminWithInvite: ReadonlySet<Action> = new Set([
  'user.invite',
  'user.deactivate',
  'invitation.view',
  'invitation.manage',
]);
const adminOnly: ReadonlySet<Action> = new Set([
  'user.reactivate',
  'user.change_role',
  'license.manage',
  'group.create',
  'group.rename',
  'group.delete',
  'group.assign_admin',
  'audit.view',
  'nudge.configure',
  'activity.import',
]);

export function can(actor: Actor, action: Action, target: Target = {}): boolean {
  if (action === 'user.view' && target.email !== undefined && target.email === actor.email) return true;
  const usable = groupsActorMayUse(actor, action);
  if (usable === undefined) return true;
  return (target.groupIds ?? []).some((id) => usable.includes(id));
}

/** Throws `not_authorized` with a message that says what is missing. */
export function assertCan(actor: Actor, action: Action, target: Target = {}): void {
  if (can(actor, action, target)) return;
  throw new UbError('not_authorized', refusal(actor, action, target));
}

/**
 * True when the actor may do the action somewhere: anywhere for admins, in at least one group
 * they manage (with the permission it needs) for group admins. What `/ub help` shows each person.
 */
export function mayEverDo(actor: Actor, action: Action): boolean {
  const usable = groupsActorMayUse(actor, action);
  return usable === undefined || usable.length > 0;
}

/** Who may do an action, in words (for help): read from the same sets `can` decides with. */
export function whoMayDo(action: Action): string {
  if (adminOnly.has(action)) return 'admins';
  if (groupAdminWithInvite.has(action)) return 'admins, and group admins with the invite/deactivate permission';
  if (groupAdminAlways.has(action)) return 'admins and group admins';
  return 'admins';
}

/** Group ids the actor may act through for an action (all for admins: undefined). */
export function groupsActorMayUse(actor: Actor, action: Action): string[] | undefined {
  if (actor.role === 'admin') return undefined;
  if (actor.role !== 'group_admin' || adminOnly.has(action)) return [];
  const needed: GroupAdminPermission | undefined = groupAdminWithInvite.has(action) ? 'invite_deactivate' : undefined;
  if (!needed && !groupAdminAlways.has(action)) return [];
  return actor.managedGroups.filter((g) => !needed || g.permissions.includes(needed)).map((g) => g.groupId);
}

function refusal(actor: Actor, action: Action, target: Target): string {
  if (adminOnly.has(action) || actor.role === 'user')
    return 'Only ub admins can do that. Ask an admin, or `/ub help` for what you can do.';
  if (
    groupAdminWithInvite.has(action) &&
    !actor.managedGroups.some((g) => g.permissions.includes('invite_deactivate'))
  ) {
    return 'Your group-admin permissions do not include inviting or deactivating people. An admin can grant it.';
  }
  const permission = groupAdminWithInvite.has(action) ? ' with the invite/deactivate permission' : '';
  if (target.groupName !== undefined)
    return `You do not manage the group “${target.groupName}”${permission}: group admins act only in the groups they manage. \`/ub group list\` shows yours.`;
  if (target.email !== undefined) return `${target.email} is not in a group you manage${permission}.`;
  return `You can only do that for people in groups you manage${permission}.`;
}
