import { randomBytes } from 'node:crypto';
import type { Actor, ServiceContext } from '../../src/services/context.js';
import { type ManagedGroup, type Role, type AuditSource, personKey } from '../../src/services/domain.js';
import { groupNameKey, type GroupDoc } from '../../src/services/models/group.js';
import type { UserDoc } from '../../src/services/models/user.js';
import type { Store } from '../../src/services/store.js';
import { writeGroupIndexed } from '../../src/services/search/group-index-repository.js';
import { markSearchIndexComplete, writeMemberIndexed } from '../../src/services/search/member-index-repository.js';

export const ORG_ID = 'T_TEST';

let sequence = 0;
const next = () => `${++sequence}${randomBytes(2).toString('hex')}`;

/** Inserts an organization with a number of seats (all free unless told otherwise). */
export async function createOrganization(
  store: Store,
  overrides: {
    orgId?: string;
    seats?: number;
    seatsFree?: number;
    proSeats?: number;
    proSeatsFree?: number;
    /** False: an organization from before the search sets existed (an upgrade), whose sets are not built. */
    searchIndexed?: boolean;
  } = {},
): Promise<string> {
  const orgId = overrides.orgId ?? ORG_ID;
  const seats = overrides.seats ?? 100;
  const proSeats = overrides.proSeats ?? 10;
  await store.organizations.create({
    _id: orgId,
    name: 'Test Org',
    bootstrapAdmins: [],
    seats,
    seatsFree: overrides.seatsFree ?? seats,
    proSeats,
    proSeatsFree: overrides.proSeatsFree ?? proSeats,
  });
  // As ensureOrganization does for a new organization.
  if (overrides.searchIndexed !== false) await markSearchIndexComplete(store, orgId);
  return orgId;
}

/**
 * Inserts an active user (taking no seat from the counters: tests that check seats create the
 * organization with the seatsFree they mean), in the search sets as the services write them;
 * `searchIndexed: false` leaves them out, as a member from before the sets existed.
 */
export async function createUser(
  store: Store,
  overrides: Partial<UserDoc> & { orgId?: string; searchIndexed?: boolean } = {},
): Promise<UserDoc> {
  const { searchIndexed = true, ...fields } = overrides;
  const orgId = overrides.orgId ?? ORG_ID;
  const email = overrides.email ?? `person${next()}@example.com`;
  const doc = {
    _id: personKey(orgId, email),
    orgId,
    email,
    firstName: 'Pat',
    surname: `Person${sequence}`,
    role: 'user' as Role,
    status: 'active' as const,
    licenseType: 'standard' as const,
    groupIds: [],
    managedGroups: [],
    joinedAt: new Date('2026-01-01T00:00:00Z'),
    version: 0,
    ...fields,
  };
  const insert = () => store.users.create(doc);
  if (searchIndexed) await writeMemberIndexed(store, orgId, { after: doc }, insert);
  else await insert();
  return (await store.users.findById(doc._id).lean().exec())!;
}

export async function createGroup(
  store: Store,
  overrides: { orgId?: string; name?: string; memberCount?: number; searchIndexed?: boolean } = {},
): Promise<GroupDoc> {
  const orgId = overrides.orgId ?? ORG_ID;
  const name = overrides.name ?? `Group ${next()}`;
  const _id = `${orgId}:g:${next()}`;
  const insert = () => store.groups.create({ _id, orgId, name, memberCount: overrides.memberCount ?? 0 });
  if (overrides.searchIndexed === false) await insert();
  else await writeGroupIndexed(store, orgId, { after: { id: _id, name } }, insert);
  await store.groupNames.create({ _id: groupNameKey(orgId, name), orgId, groupId: _id });
  return (await store.groups.findById(_id).lean().exec())!;
}

export function buildActor(overrides: Partial<Actor> = {}): Actor {
  return {
    slackUserId: 'U_ACTOR',
    email: 'actor@example.com',
    userId: personKey(ORG_ID, 'actor@example.com'),
    role: 'admin',
    managedGroups: [],
    ...overrides,
  };
}

export function groupAdminActor(managedGroups: ManagedGroup[], overrides: Partial<Actor> = {}): Actor {
  return buildActor({
    role: 'group_admin',
    email: 'ga@example.com',
    userId: personKey(ORG_ID, 'ga@example.com'),
    managedGroups,
    ...overrides,
  });
}

/** A service context as a command would build it, with a fixed clock unless told otherwise. */
export function buildContext(
  store: Store,
  overrides: { actor?: Actor; orgId?: string; source?: AuditSource; now?: () => Date } = {},
): ServiceContext {
  return {
    store,
    orgId: overrides.orgId ?? ORG_ID,
    actor: overrides.actor ?? buildActor(),
    source: overrides.source ?? 'command',
    now: overrides.now ?? (() => new Date('2026-11-25T10:00:00Z')),
    requestId: 'R-test',
  };
}
