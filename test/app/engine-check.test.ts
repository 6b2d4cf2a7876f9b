import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { judgeEngine } from '../../src/db/engine-check.js';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded-database.js';
import { startTestApp } from '../support/app-harness.js';

// At start ub asks the server what it is and refuses one where single-document updates are not atomic
// (issue 8, item 7; docs/decisions/005-ferretdb-write-front.md).
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const onFerret = process.env.UB_TEST_ENGINE === 'ferretdb-sqlite';
const itOnFerret = onFerret ? it : it.skip;
const dataDir = mkdtempSync(path.join(tmpdir(), 'ub-bare-'));
let bare: EmbeddedDatabase;

beforeAll(async () => {
  // The same FerretDB the tests run on, started without tools/ferretdb's write front.
  bare = await startEmbeddedDatabase({ rootDir, dataDir, prefer: 'ferretdb', writeFront: false, log: () => undefined });
}, 60_000);
afterAll(async () => {
  await bare.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startFailure(mongodbUri: string): Promise<Error> {
  try {
    const t = await startTestApp({ mongodbUri });
    await t.stop();
  } catch (error) {
    return error as Error;
  }
  throw new Error('the app started');
}

describe('the database engine at start', () => {
  it('refuses a bare FerretDB with one line that says why and how to fix it', async () => {
    const error = await startFailure(bare.uri);
    expect(error.message).toMatch(
      /^MONGODB_URI points at FerretDB without ub's write front, where concurrent updates of one document are lost/,
    );
    expect(error.message).toContain('start FerretDB with tools/ferretdb');
    expect(error.message).not.toContain('\n');
  });

  it('writes nothing to a bare FerretDB it refuses', async () => {
    await startFailure(bare.uri);
    const { MongoClient } = await import('mongodb');
    const client = await new MongoClient(bare.uri).connect();
    try {
      const databases = await client.db('admin').admin().listDatabases();
      expect(databases.databases.filter((d) => d.name.startsWith('ubtest_'))).toEqual([]);
    } finally {
      await client.close();
    }
  });

  itOnFerret("starts on FerretDB behind tools/ferretdb's write front and says so in its start-up line", async () => {
    const t = await startTestApp();
    try {
      expect(t.logs.some((line) => /ub listening on port \d+ .*\(FerretDB behind ub's write front\)/.test(line))).toBe(
        true,
      );
    } finally {
      await t.stop();
    }
  });

  it('accepts MongoDB as it is, without asking for a write front', async () => {
    // buildInfo as MongoDB 7 answers it (no ferretdbVersion): MongoDB's own single-document updates are atomic.
    let asked = false;
    const engine = await judgeEngine({ version: '7.0.14' }, async () => {
      asked = true;
      return undefined;
    });
    expect({ engine, asked }).toEqual({ engine: 'MongoDB 7.0.14', asked: false });
  });
});
