import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../../src/services/context.js';
import { personKey, type LicenseType, type Role, type UserStatus } from '../../../src/services/domain.js';
import { assignGroupAdmin, removeGroupAdmin } from '../../../src/services/groups/change-group-admins.js';
import { addMembers, removeMembers } from '../../../src/services/groups/change-membership.js';
import { deleteGroup } from '../../../src/services/groups/delete-group.js';
import { renameGroup } from '../../../src/services/groups/rename-group.js';
import { setPro } from '../../../src/services/licenses/set-pro.js';
import type { UserDoc } from '../../../src/services/models/user.js';
import { changeRole } from '../../../src/services/people/change-role.js';
import { deactivateUser } from '../../../src/services/people/deactivate-user.js';
import { reactivateUser } from '../../../src/services/people/reactivate-user.js';
import { searchUsers, type UserSearch } from '../../../src/services/people/search-users.js';
import { buildSearchIndex } from '../../../src/services/search/build-search-index.js';
import { writeMemberIndexed } from '../../../src/services/search/member-index-repository.js';
import {
  buildContext,
  createGroup,
  createOrganization,
  createUser,
  groupAdminActor,
  ORG_ID,
} from '../../support/factories.js';
import { useTestDatabase } from '../../support/use-test-database.js';

/**
 * `/ub users` against a brute-force reading of every member, on generated people (accents,
 * hyphens, apostrophes, shared and unique words), before and after the changes the services make.
 * The oracle below is written apart from the code under test on purpose.
 */
const t = useTestDatabase();

const FIRST = ['Ada', 'José', 'Zoë', 'Grace', 'Chloé', 'Björn', 'Renée', 'Li', 'Mary-Jane', 'Ángel', 'Noah', 'Anaïs'];
const LAST = ['Lovelace', 'Núñez', 'Hopper', "O'Brien", 'Müller', 'Smith', 'de la Cruz', 'Łukasz', 'Dvořák', 'Turing'];
const GROUPS = ['Data Eng', 'Sales', 'Support', 'Finance', 'Ops', 'Design', 'Legal', 'Research'];
const PEOPLE = 450;

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
const rand = random(7);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

// ---- the oracle: what "matches" means, in a few lines of its own ----
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
const words = (text: string) =>
  fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
interface Want {
  query?: string;
  status?: UserStatus;
  role?: Role;
  license?: LicenseType;
  groupId?: string;
  reach?: { active: string[]; deactivated: string[] };
}
function oracle(all: UserDoc[], want: Want): string[] {
  const terms = words(want.query ?? '');
  return all
    .filter((u) => {
      const mine = [...words(`${u.firstName} ${u.surname}`), ...words(u.email)];
      if (!terms.every((term) => mine.some((w) => w.startsWith(term)))) return false;
      if (want.status && u.status !== want.status) return false;
      if (want.license && (u.status !== 'active' || u.licenseType !== want.license)) return false;
      if (want.role && u.role !== want.role) return false;
      if (want.groupId && !u.groupIds.includes(want.groupId)) return false;
      if (want.reach) {
        const reach = u.status === 'active' ? want.reach.active : want.reach.deactivated;
        if (!u.groupIds.some((g) => reach.includes(g))) return false;
      }
      return true;
    })
    .map((u) => u.email)
    .sort();
}

const everyone = () => t.store.users.find({ orgId: ORG_ID }).lean().exec();
const groupIds = new Map<string, string>();

/** Every page forwards (after), then every page backwards (before) from the end: both in email order. */
async function allPages(search: Omit<UserSearch, 'limit'>, actor?: Actor, limit = 20): Promise<string[]> {
  const ctx = buildContext(t.store, actor ? { actor } : {});
  const forward: string[] = [];
  let page = await searchUsers(ctx, { ...search, limit });
  expect(page.hasPrevious).toBe(false);
  forward.push(...page.users.map((u) => u.email));
  while (page.hasNext) {
    page = await searchUsers(ctx, { ...search, limit, after: forward.at(-1)! });
    expect(page.hasPrevious).toBe(true);
    forward.push(...page.users.map((u) => u.email));
  }
  if (forward.length > limit) {
    const backward: string[] = [];
    let first = forward.at(-1)!;
    backward.unshift(first);
    for (;;) {
      const back = await searchUsers(ctx, { ...search, limit, before: first });
      backward.unshift(...back.users.map((u) => u.email));
      if (!back.hasPrevious) break;
      first = back.users[0]!.email;
    }
    expect(backward).toEqual(forward);
  }
  return forward;
}

/** Queries drawn from the people: word beginnings, several words, other case and accents, nothing. */
function queries(all: UserDoc[]): string[] {
  const some = Array.from({ length: 6 }, () => pick(all));
  return [
    ...some.map((u) => pick(words(`${u.firstName} ${u.surname}`)).slice(0, 3)),
    ...some.map((u) => `${u.surname.slice(0, 4).toUpperCase()} ${u.firstName.slice(0, 2)}`),
    ...some.slice(0, 3).map((u) => u.email.split('@')[0]!),
    ...some.slice(0, 2).map((u) => u.email),
    'jose nunez',
    'JOSÉ',
    'zoe',
    'dvorak',
    "o'brien",
    'mary jane',
    'anais',
    'l',
    'nobody-like-this',
  ];
}

async function expectSameAsOracle(): Promise<void> {
  const all = await everyone();
  for (const query of queries(all)) {
    expect({ query, found: await allPages({ query }) }).toEqual({ query, found: oracle(all, { query }) });
  }
  const data = groupIds.get('Data Eng')!;
  const filters: Array<[Omit<UserSearch, 'limit'>, Want]> = [
    [{}, {}],
    [{ status: 'deactivated' }, { status: 'deactivated' }],
    [
      { status: 'active', query: 'a' },
      { status: 'active', query: 'a' },
    ],
    [{ role: 'admin' }, { role: 'admin' }],
    [
      { role: 'group_admin', status: 'active' },
      { role: 'group_admin', status: 'active' },
    ],
    [{ license: 'pro' }, { license: 'pro' }],
    [{ groupName: 'data eng' }, { groupId: data }],
    [
      { groupName: 'Data Eng', status: 'deactivated' },
      { groupId: data, status: 'deactivated' },
    ],
    [
      { groupName: 'Data Eng', query: 'grace' },
      { groupId: data, query: 'grace' },
    ],
    [
      { groupName: 'Data Eng', role: 'user', license: 'standard' },
      { groupId: data, role: 'user', license: 'standard' },
    ],
  ];
  for (const [search, want] of filters) {
    expect({ search, found: await allPages(search) }).toEqual({ search, found: oracle(all, want) });
  }
  const sales = groupIds.get('Sales')!;
  const support = groupIds.get('Support')!;
  const ga = groupAdminActor([
    { groupId: sales, permissions: [] },
    { groupId: support, permissions: ['invite_deactivate'] },
  ]);
  const reach = { active: [sales, support], deactivated: [support] };
  expect(await allPages({}, ga)).toEqual(oracle(all, { reach }));
  expect(await allPages({ query: 'a' }, ga)).toEqual(oracle(all, { reach, query: 'a' }));
  expect(await allPages({ status: 'deactivated' }, ga)).toEqual(oracle(all, { reach, status: 'deactivated' }));
  expect(await allPages({ groupName: 'Support', role: 'user' }, ga)).toEqual(
    oracle(all, { reach, groupId: support, role: 'user' }),
  );
}

const admin = () => buildContext(t.store);

beforeAll(async () => {
  await createOrganization(t.store, { seats: 2_000, proSeats: 500, searchIndexed: false });
  for (const name of GROUPS) groupIds.set(name, (await createGroup(t.store, { name, searchIndexed: false }))._id);
  const ids = [...groupIds.values()];
  for (let i = 0; i < PEOPLE; i += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    // Emails are ASCII: the letters of the names without their accents (ł has none to lose).
    const local = words(`${first} ${last}`)
      .map((w) => w.replace(/[^a-z0-9]/g, ''))
      .join(rand() < 0.5 ? '.' : '_');
    await createUser(t.store, {
      email: `${local}${i}@${pick(['example.com', 'corp.example', 'mail.example.org'])}`,
      firstName: first,
      surname: last,
      status: rand() < 0.12 ? 'deactivated' : 'active',
      role: rand() < 0.05 ? 'admin' : rand() < 0.1 ? 'group_admin' : 'user',
      licenseType: rand() < 0.15 ? 'pro' : 'standard',
      groupIds: ids.filter(() => rand() < 0.2),
      searchIndexed: false,
    });
  }
  // People who were there before the sets: the build files them (and splits the big sets).
  await buildSearchIndex(t.store, ORG_ID);
}, 120_000);

describe('searchUsers on generated people, against a brute-force reading of every member', () => {
  it('finds exactly the matching people, page after page, forwards and backwards', async () => {
    await expectSameAsOracle();
  }, 120_000);

  it('still does after deactivations, reactivations, role and license changes, renames, and group changes', async () => {
    const all = await everyone();
    const plain = all.filter((u) => u.role === 'user');
    const active = plain.filter((u) => u.status === 'active');
    const deactivated = plain.filter((u) => u.status === 'deactivated');
    for (const u of active.slice(0, 8)) await deactivateUser(admin(), u.email);
    for (const u of deactivated.slice(0, 6)) await reactivateUser(admin(), u.email);
    for (const u of active.slice(10, 14)) await changeRole(admin(), { email: u.email, role: 'group_admin' });
    for (const u of active.slice(14, 18)) await setPro(admin(), { email: u.email, pro: u.licenseType !== 'pro' });
    await addMembers(
      admin(),
      'Data Eng',
      active.slice(20, 60).map((u) => u.email),
    );
    const dataMembers = (await everyone()).filter((u) => u.groupIds.includes(groupIds.get('Data Eng')!));
    await removeMembers(
      admin(),
      'Data Eng',
      dataMembers.slice(0, 15).map((u) => u.email),
    );
    for (const u of active.slice(18, 20))
      await assignGroupAdmin(admin(), { groupName: 'Legal', email: u.email, permissions: [] });
    const legalAdmins = (await everyone()).filter((u) =>
      u.managedGroups.some((g) => g.groupId === groupIds.get('Legal')),
    );
    await removeGroupAdmin(admin(), { groupName: 'Legal', email: legalAdmins[0]!.email });
    await deleteGroup(admin(), 'Finance');
    await renameGroup(admin(), 'Ops', 'Operations');
    // A change of name, as an import writes it: the same path every member write takes.
    for (const u of active.slice(60, 65)) {
      const renamed = { ...u, firstName: 'Zébulon', surname: 'Quartz-Érô' };
      await writeMemberIndexed(t.store, ORG_ID, { before: u, after: renamed }, () =>
        t.store.users
          .findOneAndUpdate(
            { _id: u._id },
            { $set: { firstName: 'Zébulon', surname: 'Quartz-Érô' }, $inc: { version: 1 } },
          )
          .lean()
          .exec(),
      );
    }
    expect(await allPages({ query: 'zebulon quartz erox' })).toHaveLength(0);
    expect(await allPages({ query: 'ZEBULON quartz er' })).toEqual(
      active
        .slice(60, 65)
        .map((u) => u.email)
        .sort(),
    );
    await expectSameAsOracle();
  }, 180_000);

  it('still does after concurrent changes of the same people by several admins', async () => {
    const all = await everyone();
    const people = all.filter((u) => u.role === 'user' && u.status === 'active').slice(30, 42);
    const emails = people.map((u) => u.email);
    const ignore = (p: Promise<unknown>) => p.catch(() => undefined);
    await Promise.all([
      ...emails.flatMap((email) => [ignore(deactivateUser(admin(), email)), ignore(reactivateUser(admin(), email))]),
      ignore(addMembers(admin(), 'Sales', emails)),
      ignore(removeMembers(admin(), 'Sales', emails)),
      ignore(addMembers(admin(), 'Sales', emails.slice(0, 6))),
      ...emails.slice(0, 4).map((email) => ignore(changeRole(admin(), { email, role: 'admin' }))),
      ...emails.slice(0, 4).map((email) => ignore(setPro(admin(), { email, pro: true }))),
    ]);
    await Promise.all(emails.map((email) => ignore(reactivateUser(admin(), email))));
    await expectSameAsOracle();
  }, 180_000);

  it('keeps paging from where the list was, whoever joins or leaves in between', async () => {
    const first = await searchUsers(admin(), { query: 'a', limit: 10 });
    const shown = first.users.map((u) => u.email);
    await deactivateUser(admin(), first.users.find((u) => u.status === 'active' && u.role === 'user')!.email);
    await createUser(t.store, { email: 'aaa.early@example.com', firstName: 'Aaron', surname: 'Early' });
    const next = await searchUsers(admin(), { query: 'a', limit: 10, after: shown.at(-1)! });
    const all = await everyone();
    expect(next.users.map((u) => u.email)).toEqual(
      oracle(all, { query: 'a' })
        .filter((email) => email > shown.at(-1)!)
        .slice(0, 10),
    );
    expect(next.hasPrevious).toBe(true);
    const user = await t.store.users.findById(personKey(ORG_ID, 'aaa.early@example.com')).lean().exec();
    expect(user?.firstName).toBe('Aaron');
  }, 60_000);
});
