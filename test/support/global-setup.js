// Plain JavaScript on purpose: Jest loads globalSetup outside its module registry, where ts-jest's
// ESM output cannot import TypeScript. It uses the compiled embedded-database module instead,
// which `npm run jest` builds first (docs/decisions/001-esm-project.md).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One database server for the whole run: MONGODB_URI when set (a real mongod, Atlas, FerretDB over
 * PostgreSQL…), otherwise the same embedded server `npm start` uses, on a throw-away folder.
 * Each test file then works in a database of its own (test/support/database.ts).
 */
export default async function globalSetup() {
  if (process.env.MONGODB_URI) {
    process.env.UB_TEST_MONGODB_URI = process.env.MONGODB_URI;
    process.env.UB_TEST_ENGINE = process.env.UB_TEST_ENGINE ?? 'external';
    return;
  }
  const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const { startEmbeddedDatabase } = await import('../../dist/src/db/embedded-database.js');
  const database = await startEmbeddedDatabase({
    rootDir,
    dataDir: mkdtempSync(path.join(tmpdir(), 'ub-test-db-')),
    prefer: process.env.UB_EMBEDDED_DB ?? 'auto',
    log: (line) => console.log(line),
  });
  globalThis.ubTestDatabase = database;
  process.env.UB_TEST_MONGODB_URI = database.uri;
  process.env.UB_TEST_ENGINE = database.engine;
}
