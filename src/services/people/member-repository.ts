import { type ManagedGroup, personKey } from '../domain.js';
import type { Store } from '../store.js';
import { UbError } from '../errors.js';
import type { UserDoc } from '../models/user.js';

/** What the people use cases share: reading a member by email, and the names they go by. */

/**
 * The member with this email, or `not_found` saying whether they are still only invited.
 * `pendingHint` tells what to do with a pending invitation instead (e.g. cancel it).
 */
export async function findMember(store: Store, orgId: string, email: string, pendingHint: string): Promise<UserDoc> {
  const user = await store.users.findById(personKey(orgId, email)).lean().exec();
  if (user) return user;
  const invitation = await store.invitations.findById(personKey(orgId, email)).select({ status: 1 }).lean().exec();
  if (invitation?.status === 'pending')
    throw new UbError('not_found', `${email} has not joined yet: their invitation is pending. ${pendingHint}`);
  throw new UbError(
    'not_found',
    `Nobody with the email ${email} is a member here. \`/ub users <name>\` searches by name.`,
  );
}

export function displayName(user: Pick<UserDoc, 'firstName' | 'surname' | 'email'>): string {
  return `${user.firstName ?? ''} ${user.surname ?? ''}`.trim() || user.email;
}

export function copyManagedGroups(groups: readonly ManagedGroup[] | undefined): ManagedGroup[] {
  return (groups ?? []).map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] }));
}

/** True when an active admin other than `exceptId` exists. */
export async function otherActiveAdminExists(store: Store, orgId: string, exceptId: string): Promise<boolean> {
  const other = await store.users
    .findOne({ orgId, role: 'admin', status: 'active', _id: { $ne: exceptId } })
    .select({ _id: 1 })
    .lean()
    .exec();
  return other !== null;
}
