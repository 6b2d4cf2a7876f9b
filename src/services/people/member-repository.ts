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

/** Someone a person can ask: how they are mentioned in Slack (when known) and named. */
export interface Contact {
  slackUserId: string | undefined;
  name: string;
  email: string;
}

/**
 * A few people to ask for access: active admins, or the active group admins of some groups. A
 * bounded read (`limit`), on indexed fields for MongoDB ({orgId, role}, {orgId,
 * managedGroups.groupId}); only people without the rights they need ever trigger it.
 */
export async function contactsFor(
  store: Store,
  orgId: string,
  who: { admins: true } | { managersOf: string[] },
  limit = 3,
): Promise<Contact[]> {
  if ('managersOf' in who && who.managersOf.length === 0) return [];
  const filter: Record<string, unknown> =
    'admins' in who
      ? { orgId, role: 'admin', status: 'active' }
      : { orgId, 'managedGroups.groupId': { $in: who.managersOf }, status: 'active' };
  const docs = await store.users.find(filter).sort({ _id: 1 }).limit(limit).lean().exec();
  return docs.map((d) => ({ slackUserId: d.slackUserId ?? undefined, name: displayName(d), email: d.email }));
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
