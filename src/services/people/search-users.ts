import { type Role, personKey, type LicenseType, type UserStatus } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { UserDoc } from '../models/user.js';
import {
  attributeSets,
  memberCandidates,
  searchIndexReady,
  type KeyStream,
  type Seek,
} from '../search/member-index-repository.js';
import { displayName } from './member-repository.js';
import {
  groupClauses,
  memberFilter,
  memberMatches,
  scanFilter,
  type MemberFilter,
  type MemberSearchInput,
} from './member-filter.js';

export { MAX_QUERY_LENGTH } from './member-filter.js';

export interface UserSearch extends MemberSearchInput {
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

/** Candidates checked per round against their documents: the first round is the page itself. */
const MAX_CHECK_ROUND = 64;

/**
 * A page of people matching the filters, in email order, keyset-paged on the email (`after` for
 * the next page, `before` for the previous one). The people come from the search sets (decision
 * 013): a bounded number of `_id` reads whatever the organization's size, each candidate checked
 * against their document. While an upgrade is still building the sets, a scan answers instead.
 * Group admins search within the groups they manage; users may not search.
 */
export async function searchUsers(ctx: ServiceContext, input: UserSearch): Promise<UserPage> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_USER_PAGE) {
    throw new UbError('invalid_input', `A page holds 1 to ${MAX_USER_PAGE} people.`);
  }
  const filter = await memberFilter(ctx, input);
  const ready = await searchIndexReady(ctx.store, ctx.orgId);
  // An organization whose funnel-step sets are still being added (an upgrade) scans for those only.
  const source =
    ready.members && (filter.funnelStep === undefined || ready.funnelSteps)
      ? await indexedSource(ctx, filter)
      : scannedSource(ctx, filter);
  const { users, hasNext, hasPrevious } = await pageOf(source, input);
  const names = await groupNamesById(
    ctx.store,
    users.flatMap((d) => d.groupIds),
  );
  return {
    users: users.map((d) => ({
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

/** Where matching members come from, in email order either way from a point. */
interface MemberSource {
  /** Up to `wanted` matching members from `seek`, going `direction`. */
  collect(direction: 'next' | 'previous', seek: Seek, wanted: number): Promise<UserDoc[]>;
}

async function pageOf(
  source: MemberSource,
  input: UserSearch,
): Promise<{ users: UserDoc[]; hasNext: boolean; hasPrevious: boolean }> {
  if (input.before !== undefined) {
    const found = await source.collect('previous', { from: input.before, inclusive: false }, input.limit + 1);
    const after = await source.collect('next', { from: input.before, inclusive: true }, 1);
    return {
      users: found.slice(0, input.limit).reverse(),
      hasPrevious: found.length > input.limit,
      hasNext: after.length > 0,
    };
  }
  const found = await source.collect('next', { from: input.after, inclusive: false }, input.limit + 1);
  const users = found.slice(0, input.limit);
  const first = users[0]?.email ?? input.after;
  const before =
    input.after !== undefined && first !== undefined
      ? await source.collect('previous', { from: first, inclusive: false }, 1)
      : [];
  return { users, hasNext: found.length > input.limit, hasPrevious: before.length > 0 };
}

/** The sets' candidates, each checked against its document (read by `_id`, a round at a time). */
async function indexedSource(ctx: ServiceContext, filter: MemberFilter): Promise<MemberSource> {
  const stream: KeyStream | undefined = await memberCandidates(ctx.store, ctx.orgId, {
    terms: filter.terms,
    groupClauses: groupClauses(filter),
    attributes: attributeSets(filter),
  });
  return {
    collect: async (direction, start, wanted) => {
      const found: UserDoc[] = [];
      if (!stream) return found;
      let seek = start;
      let round = wanted;
      for (;;) {
        const keys: string[] = [];
        while (keys.length < round) {
          const key = await stream[direction](seek);
          if (key === undefined) break;
          keys.push(key);
          seek = { from: key, inclusive: false };
        }
        const docs = await Promise.all(
          keys.map((key) => ctx.store.users.findById(personKey(ctx.orgId, key)).lean().exec()),
        );
        for (const doc of docs) {
          if (doc && memberMatches(doc, filter)) found.push(doc);
          if (found.length === wanted) return found;
        }
        if (keys.length < round) return found;
        round = Math.min(round * 2, MAX_CHECK_ROUND);
      }
    },
  };
}

/** Reads the organization's members in email order and keeps the matching ones (the way before the sets exist). */
function scannedSource(ctx: ServiceContext, filter: MemberFilter): MemberSource {
  return {
    collect: async (direction, start, wanted) => {
      const mongo = scanFilter(ctx.orgId, filter);
      if (start.from !== undefined) {
        const bound = personKey(ctx.orgId, start.from);
        const op = direction === 'next' ? (start.inclusive ? '$gte' : '$gt') : start.inclusive ? '$lte' : '$lt';
        mongo._id = { [op]: bound };
      }
      const found: UserDoc[] = [];
      const cursor = ctx.store.users
        .find(mongo)
        .sort({ _id: direction === 'next' ? 1 : -1 })
        .lean()
        .cursor({ batchSize: 500 });
      try {
        for await (const doc of cursor) {
          if (!memberMatches(doc as UserDoc, filter)) continue;
          found.push(doc as UserDoc);
          if (found.length === wanted) break;
        }
      } finally {
        await cursor.close();
      }
      return found;
    },
  };
}
