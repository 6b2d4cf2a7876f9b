import type { ServiceContext } from '../src/services/context.js';
import { inviteUsers } from '../src/services/invitations/invite-users.js';
import { buildSearchIndex } from '../src/services/search/build-search-index.js';
import { startTestApp, type TestApp } from '../test/support/app-harness.js';
import { createUser } from '../test/support/factories.js';
import type { BenchEngine } from './engines.js';
import { seedOrganization, type SeededOrganization } from './seed.js';
import { BENCH_ADMIN, percentile, percentiles, timeCommand, timeCommands } from './timing.js';

/**
 * The figures of issue 7's "interactive commands" for `npm run bench`: how long building the search
 * sets takes on an organization from before them, `/ub users` with a query and with each filter,
 * how search grows with the organization, and `/ub user` alone against `/ub user` while a
 * 1,000-address invite and searches run.
 */

export type Figure = (what: string, value: string) => void;

/** Queries as people type them: a name, a surname with digits, an email, two words, a miss. */
export const QUERIES = [
  'hopper12',
  'grace',
  'torvalds9',
  'nobody-matches-this',
  'ada.lovelace1',
  'alan turing',
  'margaret ham',
  'linus.torvalds99',
  'knuth',
  'ed dijkstra4',
];

/** An organization from before the sets (documents only): the build job's work, timed. */
export async function buildSetsFigure(app: TestApp, people: number, figure: Figure): Promise<void> {
  await app.store.searchIndexStates.deleteOne({ _id: app.orgId }).exec();
  const started = Date.now();
  await buildSearchIndex(app.store, app.orgId);
  figure(
    `build the search sets of ${people.toLocaleString('en-US')} people (the upgrade job)`,
    `${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** `/ub users` with a query and with each filter, end to end. */
export async function searchFigures(
  app: TestApp,
  seeded: SeededOrganization,
  people: number,
  figure: Figure,
): Promise<void> {
  const at = people.toLocaleString('en-US');
  figure(
    `/ub users <query> end to end, ${at} people, 100 calls`,
    percentiles(await timeCommands(app, 100, (i) => `users ${QUERIES[i % QUERIES.length]}`)),
  );
  const groups = seeded.groupNames;
  figure(
    `/ub users --group <name> end to end, ${at} people, 100 calls`,
    percentiles(await timeCommands(app, 100, (i) => `users --group "${groups[(i * 37) % groups.length]}"`)),
  );
  for (const status of ['active', 'deactivated'])
    figure(
      `/ub users --status ${status} end to end, ${at} people, 50 calls`,
      percentiles(await timeCommands(app, 50, () => `users --status ${status}`)),
    );
  for (const role of ['admin', 'group_admin', 'user'])
    figure(
      `/ub users --role ${role} end to end, ${at} people, 50 calls`,
      percentiles(await timeCommands(app, 50, () => `users --role ${role}`)),
    );
  // A group admin of five groups (invite/deactivate in one): active people of the five, deactivated of one.
  const groupAdmin = 'UBENCHGA';
  app.fake.addUser({ id: groupAdmin, email: 'bench.ga@bench.example.com' });
  const managed = await Promise.all(
    [0, 1, 2, 3, 4].map((i) =>
      app.store.groupNames
        .findById(`${app.orgId}:${groups[(i * 101) % groups.length]!.toLowerCase()}`)
        .lean()
        .exec(),
    ),
  );
  await createUser(app.store, {
    orgId: app.orgId,
    email: 'bench.ga@bench.example.com',
    role: 'group_admin',
    managedGroups: managed.map((entry, i) => ({
      groupId: entry!.groupId,
      permissions: i === 0 ? ['invite_deactivate' as const] : [],
    })),
  });
  figure(
    `/ub users and /ub users <query> as a group admin of 5 groups, end to end, ${at} people, 50 calls`,
    percentiles(
      await timeCommands(app, 50, (i) => (i % 2 === 0 ? 'users' : `users ${QUERIES[i % QUERIES.length]}`), groupAdmin),
    ),
  );
  figure(
    `/ub users <query> --group <name> --status active end to end, ${at} people, 50 calls`,
    percentiles(
      await timeCommands(app, 50, (i) => `users a --group "${groups[(i * 37) % groups.length]}" --status active`),
    ),
  );
}

/**
 * `/ub user <email>` alone, then while a 1,000-address invite and back-to-back searches run in the
 * same app (each call waits for its answer; the load runs until the invite is done).
 */
export async function userDuringLoadFigures(
  app: TestApp,
  ctx: ServiceContext,
  seeded: SeededOrganization,
  figure: Figure,
): Promise<void> {
  const pick = (i: number) => seeded.emails[(i * 7919) % seeded.emails.length]!;
  const alone = await timeCommands(app, 200, (i) => `user ${pick(i)}`);
  figure('/ub user <email> end to end, alone, 200 calls', percentiles(alone));

  let loading = true;
  const invitees = Array.from({ length: 1_000 }, (_, i) => `loaded${i}@new.example.com`);
  const started = Date.now();
  const invite = inviteUsers(ctx, { emails: invitees, groupNames: [seeded.groupNames[1]!] }).finally(() => {
    loading = false;
  });
  const searches = (async () => {
    let searched = 0;
    for (let i = 0; loading; i += 1) {
      await timeCommand(app, `users ${QUERIES[i % QUERIES.length]}`);
      searched += 1;
    }
    return searched;
  })();
  const during: number[] = [];
  for (let i = 0; loading || during.length < 50; i += 1) during.push(await timeCommand(app, `user ${pick(i + 500)}`));
  const [result, searched] = await Promise.all([invite, searches]);
  const ratio = percentile(during, 99) / percentile(alone, 99);
  figure(
    '/ub user <email> end to end, during a 1,000-address invite and searches',
    `${percentiles(during)}; ${ratio.toFixed(2)}× the p99 alone (invite ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.done.length} invited; ${searched} searches meanwhile)`,
  );
}

/** Search at other sizes: a fresh organization each (seeded, its sets built), `/ub users <query>`. */
export async function searchGrowthFigures(engine: BenchEngine, sizes: number[], figure: Figure): Promise<void> {
  for (const people of sizes) {
    const app = await startTestApp({ mongodbUri: engine.uri, env: { LOG_LEVEL: 'error' } });
    try {
      const groups = Math.min(2_000, Math.max(10, Math.floor(people / 50)));
      let started = Date.now();
      await seedOrganization(app.store, app.orgId, people, groups);
      figure(
        `seed ${people.toLocaleString('en-US')} users, ${groups.toLocaleString('en-US')} groups (insertMany)`,
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      await buildSetsFigure(app, people, figure);
      app.fake.addUser({ id: BENCH_ADMIN, email: 'bench.admin@bench.example.com' });
      await createUser(app.store, { orgId: app.orgId, email: 'bench.admin@bench.example.com', role: 'admin' });
      started = Date.now();
      figure(
        `/ub users <query> end to end, ${people.toLocaleString('en-US')} people, 100 calls`,
        percentiles(await timeCommands(app, 100, (i) => `users ${QUERIES[i % QUERIES.length]}`)),
      );
    } finally {
      await app.stop();
    }
  }
}
