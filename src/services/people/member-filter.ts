import { memberFunnelStep, type FunnelStep, type LicenseType, type Role, type UserStatus } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { groupsActorMayUse } from '../authorization.js';
import { UbError } from '../errors.js';
import { groupNameKey } from '../models/group.js';
import type { UserDoc } from '../models/user.js';
import { matchesTerms, memberWords, queryTerms } from '../search/member-index-repository.js';

export const MAX_QUERY_LENGTH = 100;

/** What `/ub users` may ask for. */
export interface MemberSearchInput {
  /** Words, each the beginning of a word of a name or email (any case, accents or not). */
  query?: string;
  status?: UserStatus;
  groupName?: string;
  /** Licensed (active) people with this license type. */
  license?: LicenseType;
  role?: Role;
  /** Active people whose furthest adoption-funnel step is this one (who is stuck there). */
  funnelStep?: MemberFunnelStep;
}

export type MemberFunnelStep = Exclude<FunnelStep, 'invited'>;

/** A search, authorized and resolved: exactly who matches, whichever way the people are found. */
export interface MemberFilter {
  terms: string[];
  status: UserStatus | undefined;
  license: LicenseType | undefined;
  role: Role | undefined;
  groupId: string | undefined;
  funnelStep: MemberFunnelStep | undefined;
  /** A group admin's reach: the active people of these groups… */
  viewable: string[] | undefined;
  /** …and the deactivated people of these (where they hold invite/deactivate). */
  deactivatable: string[];
}

/**
 * Checks who may search and turns the input into a filter. Group admins search within the groups
 * they manage; users may not search.
 */
export async function memberFilter(ctx: ServiceContext, input: MemberSearchInput): Promise<MemberFilter> {
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
  const query = input.query?.trim() ?? '';
  if (query.length > MAX_QUERY_LENGTH)
    throw new UbError('invalid_input', `A search is at most ${MAX_QUERY_LENGTH} characters.`);
  const terms = queryTerms(query);
  if (query !== '' && terms.length === 0)
    throw new UbError('invalid_input', 'Search with the beginning of a name or email: letters or digits.');

  let groupId: string | undefined;
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
    groupId = entry.groupId;
  }

  // Group admins see the active people of their groups, and the deactivated ones only where
  // they hold the invite/deactivate permission.
  const deactivatable = viewable === undefined ? [] : (groupsActorMayUse(ctx.actor, 'user.deactivate') ?? []);
  if (viewable !== undefined && input.status === 'deactivated' && deactivatable.length === 0) {
    throw new UbError(
      'not_authorized',
      'Seeing deactivated people needs the invite/deactivate permission for one of your groups. An admin can grant it.',
    );
  }
  return {
    terms,
    status: input.license !== undefined ? 'active' : input.status,
    license: input.license,
    role: input.role,
    groupId,
    funnelStep: input.funnelStep,
    viewable,
    deactivatable,
  };
}

/** Whether a member matches: the one definition both ways of searching (sets, scan) check against. */
export function memberMatches(user: UserDoc, filter: MemberFilter): boolean {
  if (filter.status !== undefined && user.status !== filter.status) return false;
  if (filter.license !== undefined && user.licenseType !== filter.license) return false;
  if (filter.role !== undefined && user.role !== filter.role) return false;
  if (filter.groupId !== undefined && !user.groupIds.includes(filter.groupId)) return false;
  if (filter.funnelStep !== undefined && memberFunnelStep(user) !== filter.funnelStep) return false;
  if (filter.viewable !== undefined) {
    const reach = user.status === 'active' ? filter.viewable : filter.deactivatable;
    if (!user.groupIds.some((id) => reach.includes(id))) return false;
  }
  return filter.terms.length === 0 || matchesTerms(memberWords(user), filter.terms);
}

/** The groups a member must be in, as sets: the group asked for, and a group admin's reach. */
export function groupClauses(filter: MemberFilter): string[][] {
  const clauses: string[][] = [];
  if (filter.groupId !== undefined) clauses.push([filter.groupId]);
  if (filter.viewable !== undefined)
    clauses.push(filter.status === 'deactivated' ? filter.deactivatable : filter.viewable);
  return clauses;
}

/** The same filter for a scan of the users collection (the way while the sets are being built). */
export function scanFilter(orgId: string, filter: MemberFilter): Record<string, unknown> {
  const mongo: Record<string, unknown> = { orgId };
  if (filter.status !== undefined) mongo.status = filter.status;
  if (filter.license !== undefined) mongo.licenseType = filter.license;
  if (filter.role !== undefined) mongo.role = filter.role;
  if (filter.groupId !== undefined) mongo.groupIds = filter.groupId;
  if (filter.funnelStep !== undefined) Object.assign(mongo, { status: 'active', ...funnelStepScan[filter.funnelStep] });
  if (filter.viewable !== undefined) {
    const scopes: Array<Record<string, unknown>> = [{ status: 'active', groupIds: { $in: filter.viewable } }];
    if (filter.deactivatable.length > 0)
      scopes.push({ status: 'deactivated', groupIds: { $in: filter.deactivatable } });
    mongo.$or = scopes;
  }
  return mongo;
}

/** A funnel step as a scan filter (the step is read from the dates, as memberFunnelStep reads it). */
const funnelStepScan: Record<MemberFunnelStep, Record<string, unknown>> = {
  joined: { firstEnrollmentAt: { $exists: false }, firstLectureAt: { $exists: false } },
  enrolled: { firstEnrollmentAt: { $exists: true }, firstLectureAt: { $exists: false } },
  started: { firstLectureAt: { $exists: true } },
};
