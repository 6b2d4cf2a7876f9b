import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp } from '../test/support/app-harness.js';
import { createUser } from '../test/support/factories.js';
import { digestBuildFigure } from './digest-figures.js';
import { startPostgresEngine, startSqliteEngine } from './engines.js';
import { seedOrganization } from './seed.js';
import { seedPendingInvitations } from './seed-invitations.js';
import { snapshotFunnels, weekStart } from '../src/services/insights/funnel-snapshots.js';

/**
 * `npm run bench:digests`: only the digest figure of `npm run bench` (digest-figures.ts), on an
 * organization of BENCH_USERS people (100,000 by default) in 2,000 groups, with BENCH_INVITEES
 * pending invitations (a tenth of the people by default; 0 for the figures before 2026-11-26
 * 04:00 UTC) and this week's funnel snapshots, as the hourly job leaves them.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const INVITEES = Number(process.env.BENCH_INVITEES ?? Math.floor(USERS / 10));
const ADMIN = 'UBENCHADM';

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const name of process.env.BENCH_ENGINES?.split(',') ?? ['postgresql', 'sqlite']) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    const app = await startTestApp({ mongodbUri: engine.uri, env: { LOG_LEVEL: 'error' }, jobPollInterval: 5_000 });
    try {
      await seedOrganization(app.store, app.orgId, USERS, 2_000);
      await seedPendingInvitations(app.store, app.orgId, INVITEES);
      // The job took this week's snapshots when the app started, before the groups existed: again, as on a Monday.
      await app.store.funnelSnapshots.deleteMany({ orgId: app.orgId, week: weekStart(new Date()) }).exec();
      await snapshotFunnels(app.store, app.orgId, new Date());
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
        source: 'job' as const,
        now: () => new Date(),
        requestId: undefined,
      };
      await digestBuildFigure(app, ctx, (what, value) => {
        rows.push(`| ${engine.label} | ${what} | ${value} |`);
        console.log(rows.at(-1));
      });
    } finally {
      await app.stop();
      await engine.stop();
    }
  }
  console.log(['\n| engine | measure | result |', '|---|---|---|', ...rows].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
