import { type Role, personKey, type LicenseType, type UserStatus } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { groupsActorMayUse } from '../authorization.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import { groupNameKey } from '../models/group.js';
import type { UserDoc } from '../models/user.js';
import { displayName } from './member-repository.js';

export interface UserSearch {
  /** Case-insensitive part of a name or email. */
  query?: string;
  status?: UserStatus;
  groupName?: string;
  /** Licensed (active) people with this license type. */
  license?: LicenseType;
  role?: Role;
  /** Exclusive email cursors: the page after or before this person. */
  after?: string;
  before?: string;
  limit: number;
}

export interface UserSummary {
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  licenseType: LicenseType;
  groups: Array<{ id: string; name: string }>;
}

export interface UserPage {
  users: UserSummary[];
  hasNext: boolean;
  hasPrevious: boolean;
}

export const MAX_USER_PAGE = 100;
export const MAX_QUERY_LENGTH = 100;

/**
 * A page of people matching the filters, in email order, keyset-paged on `_id`
 * (`<orgId>:<email>`): `after` for the next page, `before` for the previous one. Group admins
 * search within the groups they manage; users may not search.
 */
export async function searchUsers(ctx: ServiceContext, input: UserSearch): Promise<UserPage> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_USER_PAGE) {
    throw new UbError('invalid_input', `A page holds 1 to ${MAX_USER_PAGE} people.`);
  }
  const filter = await searchFilter(ctx, input);
  const model = ctx.store.users;
  const id = (email: string) => personKey(ctx.orgId, email);
  let docs: UserDoc[];
  let hasNext: boolean;
  let hasPrevious: boolean;
  if (input.before !== undefined) {
    const found = await model
      .find({ ...filter, _id: { $lt: id(input.before) } })
      .sort({ _id: -1 })
      .limit(input.limit + 1)
      .lean()
      .exec();
    hasPrevious = found.length > input.limit;
    docs = found.slice(0, input.limit).reverse();
    hasNext =
      (await model
        .findOne({ ...filter, _id: { $gte: id(input.before) } })
        .select({ _id: 1 })
        .lean()
        .exec()) !== null;
  } else {
    const lower = input.after !== undefined ? { _id: { $gt: id(input.after) } } : {};
    const found = await model
      .find({ ...filter, ...lower })
      .sort({ _id: 1 })
      .limit(input.limit + 1)
      .lean()
      .exec();
    hasNext = found.length > input.limit;
    docs = found.slice(0, input.limit);
    const first = docs[0]?._id ?? (input.after !== undefined ? id(input.after) : undefined);
    hasPrevious =
      input.after !== undefined &&
      first !== undefined &&
      (await model
        .findOne({ ...filter, _id: { $lt: first } })
        .select({ _id: 1 })
        .lean()
        .exec()) !== null;
  }
  const names = await groupNamesById(
    ctx.store,
    docs.flatMap((d) => d.groupIds),
  );
  return {
    users: docs.map((d) => ({
      email: d.email,
      name: displayName(d),
      role: d.role,
      status: d.status,
      licenseType: d.licenseType,
      groups: d.groupIds.filter((g) => names.has(g)).map((g) => ({ id: g, name: names.get(g)! })),
    })),
    hasNext,
    hasPrevious,
  };
}

async function searchFilter(ctx: ServiceContext, input: UserSearch): Promise<Record<string, unknown>> {
  const viewable = groupsActorMayUse(ctx.actor, 'user.view');
  if (ctx.actor.role === 'user') {
    throw new UbError(
      'not_authorized',
      'Only admins and group admins can list people. `/ub user me` shows your own profile.',
    );
  }
  if (viewable !== undefined && viewable.length === 0) {
    throw new UbError(
      'not_authorized',
      'You manage no group yet, so there is nobody you can list. An admin assigns groups with `/ub group admin`.',
    );
  }
  if (input.status === 'deactivated' && input.license !== undefined) {
    throw new UbError(
      'invalid_input',
      'Deactivated people hold no license: use `--status deactivated` or `--license`, not both.',
    );
  }
  const filter: Record<string, unknown> = { orgId: ctx.orgId };
  if (input.status !== undefined) filter.status = input.status;
  if (input.license !== undefined) {
    filter.status = 'active';
    filter.licenseType = input.license;
  }
  if (input.role !== undefined) filter.role = input.role;

  const query = input.query?.trim().toLowerCase();
  if (query) {
    if (query.length > MAX_QUERY_LENGTH)
      throw new UbError('invalid_input', `A search is at most ${MAX_QUERY_LENGTH} characters.`);
    filter.searchText = { $regex: escapeRegex(query) };
  }

  if (input.groupName !== undefined) {
    const name = input.groupName.trim();
    const entry = await ctx.store.groupNames.findById(groupNameKey(ctx.orgId, name)).lean().exec();
    if (!entry)
      throw new UbError('not_found', `No group named “${name.slice(0, 100)}”. \`/ub group list\` shows the groups.`);
    if (viewable !== undefined && !viewable.includes(entry.groupId)) {
      throw new UbError(
        'not_authorized',
        `You can only list people in groups you manage, and “${name.slice(0, 100)}” is not one of them.`,
      );
    }
    filter.groupIds = entry.groupId;
  }

  if (viewable !== undefined) {
    // Group admins see the active people of their groups, and the deactivated ones only where
    // they hold the invite/deactivate permission.
    const deactivatable = groupsActorMayUse(ctx.actor, 'user.deactivate') ?? [];
    if (input.status === 'deactivated' && deactivatable.length === 0) {
      throw new UbError(
        'not_authorized',
        'Seeing deactivated people needs the invite/deactivate permission for one of your groups. An admin can grant it.',
      );
    }
    const scopes: Array<Record<string, unknown>> = [{ status: 'active', groupIds: { $in: viewable } }];
    if (deactivatable.length > 0) scopes.push({ status: 'deactivated', groupIds: { $in: deactivatable } });
    filter.$or = scopes;
  }
  return filter;
}

/** Makes typed text a literal inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
