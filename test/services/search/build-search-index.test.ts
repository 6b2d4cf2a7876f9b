import { beforeEach, describe, expect, it } from '@jest/globals';
import { deactivateUser } from '../../../src/services/people/deactivate-user.js';
import { searchUsers } from '../../../src/services/people/search-users.js';
import { buildSearchIndex, organizationsToIndex } from '../../../src/services/search/build-search-index.js';
import { searchIndexReady } from '../../../src/services/search/member-index-repository.js';
import { buildContext, createGroup, createOrganization, createUser, ORG_ID } from '../../support/factories.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';

const t = useTestDatabase();

const NAMES = ['Émile Zola', 'Ada Lovelace', 'José Núñez', 'Grace Hopper', 'Ada Yonath', 'Alan Turing'];
const QUERIES = ['ada', 'emile', 'nunez', 'a', 'hop gr', 'example', 'turing alan', 'zz'];

/** The emails a query finds, every page of 10. */
async function found(query: string): Promise<string[]> {
  const emails: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await searchUsers(buildContext(t.store), { query, limit: 10, ...(after ? { after } : {}) });
    emails.push(...page.users.map((u) => u.email));
    if (!page.hasNext) return emails;
    after = emails.at(-1);
  }
}

const answers = async () => Object.fromEntries(await Promise.all(QUERIES.map(async (q) => [q, await found(q)])));

beforeEach(async () => {
  await clearDatabase(t.store);
  // An organization from before the search sets: people and groups, no sets, no state.
  await createOrganization(t.store, { searchIndexed: false });
  const group = await createGroup(t.store, { name: 'Data Eng', searchIndexed: false });
  for (let i = 0; i < 240; i += 1) {
    const [firstName, surname] = NAMES[i % NAMES.length]!.split(' ') as [string, string];
    await createUser(t.store, {
      email: `${firstName.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}${i}@example.com`,
      firstName,
      surname,
      groupIds: i % 4 === 0 ? [group._id] : [],
      searchIndexed: false,
    });
  }
}, 60_000);

describe('building the search sets of an organization that already has people', () => {
  it('answers by scanning until the sets are built, then the same from the sets', async () => {
    expect(await organizationsToIndex(t.store)).toEqual([ORG_ID]);
    expect((await searchIndexReady(t.store, ORG_ID)).members).toBe(false);
    const scanned = await answers();
    expect(scanned.ada).toHaveLength(80);
    expect(scanned.emile).toHaveLength(40);
    expect(scanned['hop gr']).toHaveLength(40);
    expect(scanned.zz).toEqual([]);

    await buildSearchIndex(t.store, ORG_ID);
    expect(await searchIndexReady(t.store, ORG_ID)).toEqual({ members: true, groups: true, funnelSteps: true });
    expect(await organizationsToIndex(t.store)).toEqual([]);
    expect(await answers()).toEqual(scanned);
  }, 60_000);

  it('resumes after an interruption where it stopped, missing nobody changed in between', async () => {
    let rounds = 0;
    const stop = new Error('the process died');
    await expect(
      buildSearchIndex(t.store, ORG_ID, {
        setsPerRound: 40,
        onProgress: async () => {
          rounds += 1;
          if (rounds === 3) throw stop;
        },
      }),
    ).rejects.toBe(stop);
    const state = await t.store.searchIndexStates.findById(ORG_ID).lean().exec();
    expect(state).toMatchObject({ members: 'building', groups: 'ready' });
    expect(state?.setsAfter).toEqual(expect.any(String));

    // Meanwhile people keep using ub: searches scan, and changes go into the sets as well.
    await deactivateUser(buildContext(t.store), 'ada1@example.com');
    await createUser(t.store, { email: 'ada.new@example.com', firstName: 'Ada', surname: 'Newcomer' });
    const scanned = await answers();
    expect(scanned.ada).toContain('ada.new@example.com');

    const resumed: number[] = [];
    await buildSearchIndex(t.store, ORG_ID, {
      setsPerRound: 40,
      onProgress: async ({ sets }) => {
        resumed.push(sets);
      },
    });
    expect(await searchIndexReady(t.store, ORG_ID)).toEqual({ members: true, groups: true, funnelSteps: true });
    // The three rounds done before the stop are not written again.
    expect(resumed[0]).toBeGreaterThan(3 * 40);
    expect(await answers()).toEqual(scanned);
    const deactivated = await searchUsers(buildContext(t.store), { status: 'deactivated', limit: 10 });
    expect(deactivated.users.map((u) => u.email)).toEqual(['ada1@example.com']);
  }, 60_000);

  it('does no harm when two builds run at once', async () => {
    const scanned = await answers();
    await Promise.all([buildSearchIndex(t.store, ORG_ID), buildSearchIndex(t.store, ORG_ID)]);
    expect(await answers()).toEqual(scanned);
  }, 60_000);
});
