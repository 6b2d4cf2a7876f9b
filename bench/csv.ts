import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp } from '../test/support/app-harness.js';
import { createUser } from '../test/support/factories.js';
import { exportFigures, importFigures } from './csv-figures.js';
import { startPostgresEngine, startSqliteEngine } from './engines.js';
import { seedOrganization } from './seed.js';
import { BENCH_ADMIN as ADMIN } from './timing.js';

/**
 * `npm run bench:csv`: CSV export throughput and peak RSS at each size of BENCH_EXPORT_SIZES
 * (100,000 by default; add 1000000 for the million), and a 10,000-row import (dry run and apply),
 * on each engine of BENCH_ENGINES, each figure labelled with its engine.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '100000').split(',').filter(Boolean).map(Number);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const name of process.env.BENCH_ENGINES?.split(',') ?? ['postgresql', 'sqlite']) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    try {
      for (const [n, users] of SIZES.entries()) {
        const app = await startTestApp({ mongodbUri: engine.uri, env: { LOG_LEVEL: 'error' } });
        const figure = (what: string, value: string) => {
          rows.push(`| ${engine.label} | ${what} | ${value} |`);
          console.log(rows.at(-1));
        };
        try {
          const seeded = await seedOrganization(app.store, app.orgId, users, 2_000);
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
          await exportFigures(app, ctx, users + 1, figure);
          // The import once per engine, into the first size's organization.
          if (n === 0 && IMPORT_ROWS > 0)
            await importFigures(ctx, seeded.emails, seeded.groupNames[0]!, IMPORT_ROWS, figure);
        } finally {
          await app.stop();
        }
      }
    } finally {
      await engine.stop();
    }
  }
  console.log(['\n| engine | measure | result |', '|---|---|---|', ...rows].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
