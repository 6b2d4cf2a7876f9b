import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestApp } from '../test/support/app-harness.js';
import { createUser } from '../test/support/factories.js';
import { bulkInviteFigures } from './bulk-invite-figures.js';
import { startPostgresEngine, startSqliteEngine } from './engines.js';
import { seedOrganization } from './seed.js';

/**
 * `npm run bench:bulk`: only the bulk-invite figures of `npm run bench` (bulk-invite-figures.ts),
 * into the same seeded organization (BENCH_USERS people, 100,000 by default), without the search
 * and lookup figures that take long. The resume figure runs on a database of its own.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const ADMIN = 'UBENCHADM';

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const name of process.env.BENCH_ENGINES?.split(',') ?? ['postgresql', 'sqlite']) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    const app = await startTestApp({ mongodbUri: engine.uri, env: { LOG_LEVEL: 'error' } });
    try {
      const seeded = await seedOrganization(app.store, app.orgId, USERS, 2_000);
      app.fake.addUser({ id: ADMIN, email: 'bench.admin@bench.example.com' });
      await createUser(app.store, { orgId: app.orgId, email: 'bench.admin@bench.example.com', role: 'admin' });
      await bulkInviteFigures(engine, app, { admin: ADMIN, groupName: seeded.groupNames[1]! }, (what, value) => {
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
