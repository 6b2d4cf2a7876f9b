import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inviteUsers } from '../src/services/invitations/invite-users.js';
import { startTestApp } from '../test/support/app-harness.js';
import { createUser } from '../test/support/factories.js';
import { startPostgresEngine, startSqliteEngine, type BenchEngine } from './engines.js';
import { buildSetsFigure, searchFigures, searchGrowthFigures, userDuringLoadFigures } from './search-figures.js';
import { seedOrganization } from './seed.js';
import { BENCH_ADMIN as ADMIN } from './timing.js';
import { writeFrontFigures } from './write-front-figures.js';
import { bulkInviteFigures } from './bulk-invite-figures.js';
import { insightsFigures } from './insights-figures.js';
import { digestBuildFigure } from './digest-figures.js';
import { engineFloorFigures } from './engine-floor-figures.js';
import { csvFigures } from './csv-figures.js';

/**
 * `npm run bench`: the figures issue 3 asks for, on each engine, each labelled with it.
 * Latencies are end to end: a signed slash command to the app's HTTP endpoint until the answer
 * reaches the (fake) response_url, on an organization of 100,000 people in 2,000 groups. Then, per
 * engine, issue 11's CSV figures (csvFigures: the export in `npm start`'s own process at each size of
 * BENCH_EXPORT_SIZES, and the import).
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 2_000);
/** Other organization sizes `/ub users <query>` is measured at (how search grows); empty: none. */
const SEARCH_SIZES = (process.env.BENCH_SEARCH_SIZES ?? '10000,1000000').split(',').filter(Boolean).map(Number);
/** Organization sizes `/ub adoption`, the reconciliation and ingestion are measured at (issue 10). */
const INSIGHTS_SIZES = (process.env.BENCH_INSIGHTS_SIZES ?? '10000,100000,1000000')
  .split(',')
  .filter(Boolean)
  .map(Number);

interface Figure {
  engine: string;
  what: string;
  value: string;
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ENGINES?.split(',') ?? ['postgresql', 'sqlite'];
  const figures: Figure[] = [];
  for (const name of only) {
    console.log(`\n== ${name}: starting`);
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    try {
      figures.push(...(await benchEngine(engine)));
    } finally {
      await engine.stop();
    }
  }
  console.log('\n| engine | measure | result |\n|---|---|---|');
  for (const f of figures) console.log(`| ${f.engine} | ${f.what} | ${f.value} |`);
}

async function benchEngine(engine: BenchEngine): Promise<Figure[]> {
  const app = await startTestApp({ mongodbUri: engine.uri, env: { LOG_LEVEL: 'error' } });
  const figures: Figure[] = [];
  const figure = (what: string, value: string) => {
    figures.push({ engine: engine.label, what, value });
    console.log(`  ${engine.label} | ${what}: ${value}`);
  };
  try {
    let started = Date.now();
    const seeded = await seedOrganization(app.store, app.orgId, USERS, GROUPS);
    figure(
      `seed ${USERS.toLocaleString('en-US')} users, ${GROUPS.toLocaleString('en-US')} groups (insertMany)`,
      `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    await buildSetsFigure(app, USERS, figure);
    app.fake.addUser({ id: ADMIN, email: 'bench.admin@bench.example.com' });
    await createUser(app.store, { orgId: app.orgId, email: 'bench.admin@bench.example.com', role: 'admin' });

    const ctx = {
      store: app.store,
      orgId: app.orgId,
      actor: {
        slackUserId: ADMIN,
        email: 'bench.admin@bench.example.com',
        userId: `${app.orgId}:bench.admin@bench.example.com`,
        role: 'admin' as const,
        managedGroups: [],
      },
      source: 'command' as const,
      now: () => new Date(),
      requestId: 'R-bench',
    };
    const invitees = Array.from({ length: 1_000 }, (_, i) => `invitee${i}@new.example.com`);
    started = Date.now();
    const result = await inviteUsers(ctx, { emails: invitees, groupNames: [seeded.groupNames[0]!] });
    figure(
      'invite 1,000 addresses (inviteUsers, one group)',
      `${((Date.now() - started) / 1000).toFixed(2)} s (${result.done.length} invited)`,
    );
    await bulkInviteFigures(engine, app, { admin: ADMIN, groupName: seeded.groupNames[1]! }, figure);

    const pick = (i: number) => seeded.emails[(i * 7919) % seeded.emails.length]!;
    await searchFigures(app, seeded, USERS, figure);
    await userDuringLoadFigures(app, ctx, seeded, figure);
    await digestBuildFigure(app, { ...ctx, source: 'job' }, figure);
    for (const [what, value] of await writeFrontFigures(rootDir, engine, app.store.connection, app.orgId, pick(1)))
      figure(what, value);
  } finally {
    await app.stop();
  }
  await searchGrowthFigures(engine, SEARCH_SIZES, figure);
  await insightsFigures(engine, INSIGHTS_SIZES, figure);
  await engineFloorFigures(engine, USERS, figure);
  await csvFigures(engine, figure);
  return figures;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
