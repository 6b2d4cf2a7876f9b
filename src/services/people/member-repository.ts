import { type ManagedGroup, personKey } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { withLock } from '../locks.js';
import type { UserDoc } from '../models/user.js';

/**
 * What the user services share: reading a person by the email typed, the names they go by,
 * and the lock that serializes changes which could leave the organization without an admin.
 */

/**
 * The member with this email, or `not_found` saying whether they are still only invited.
 * `pendingHint` tells what to do with a pending invitation instead (e.g. cancel it).
 */
export async function findMember(ctx: ServiceContext, email: string, pendingHint: string): Promise<UserDoc> {
  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).lean().exec();
  if (user) return user;
  const invitation = await ctx.store.invitations.findById(personKey(ctx.orgId, email)).select({ status: 1 }).lean().exec();
  if (invitation?.status === 'pending') throw new UbError('not_found', `${email} has not joined yet: their invitation is pending. ${pendingHint}`);
  throw new UbError('not_found', `Nobody with the email ${email} is a member here. \`/ub users <name>\` searches by name.`);
}

export function displayName(user: Pick<UserDoc, 'firstName' | 'surname' | 'email'>): string {
  return `${user.firstName ?? ''} ${user.surname ?? ''}`.trim() || user.email;
}

export function copyManagedGroups(groups: readonly ManagedGroup[] | undefined): ManagedGroup[] {
  return (groups ?? []).map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] }));
}

/** True when an active admin other than `exceptId` exists. */
export async function otherActiveAdminExists(ctx: ServiceContext, exceptId: string): Promise<boolean> {
  const other = await ctx.store.users
    .findOne({ orgId: ctx.orgId, role: 'admin', status: 'active', _id: { $ne: exceptId } })
    .select({ _id: 1 })
    .lean()
    .exec();
  return other !== null;
}

/**
 * Runs a change that may take away an admin (deactivating or demoting one) while holding the
 * organization's admin-change lock. "Is there another active admin?" and the update are two
 * operations on two documents: two such changes at once (A demotes B while B demotes A) would
 * each see the other admin and leave none. Serialized, the second sees the first's result.
 */
export function withAdminChangeLock<T>(ctx: ServiceContext, work: () => Promise<T>): Promise<T> {
  return withLock(ctx.store, `admins:${ctx.orgId}`, work, { busyMessage: 'Another admin is changing admins right now. Try again in a moment.' });
}

export function lastAdminError(email: string, doing: 'deactivate' | 'demote'): UbError {
  return new UbError(
    'invalid_state',
    `${email} is the last active admin; ${doing === 'deactivate' ? 'deactivating' : 'demoting'} them would leave nobody to run ub. ` +
      'Make someone else an admin first with `/ub role <email> admin`.',
  );
}
