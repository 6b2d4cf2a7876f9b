import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MongoClient } from 'mongodb';
import { startEmbeddedDatabase } from '../../src/db/embedded-database.js';
import { runContention, type ContentionTask } from '../support/contention.js';

// Single-document updates stay atomic for every client of one server, whatever their connections and
// processes, while reads run in parallel (docs/decisions/005-ferretdb-write-front.md). On FerretDB that is
// tools/ferretdb's write front; on MongoDB the server itself. The last test shows a bare FerretDB without it.
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const onFerret = process.env.UB_TEST_ENGINE === 'ferretdb-sqlite';
const itOnFerret = onFerret ? it : it.skip;

interface Counter {
  _id: string;
  seatsFree?: number;
  hits?: number;
}

const uri = process.env.UB_TEST_MONGODB_URI ?? '';
const dbName = `ubtest_front_${process.pid}`;
let client: MongoClient;

beforeAll(async () => {
  client = await new MongoClient(uri, { maxPoolSize: 20 }).connect();
});
afterAll(async () => {
  await client.db(dbName).dropDatabase();
  await client.close();
});

/** 2 processes, each with a pool of 20 connections, fire 500 operations each at one document. */
async function race(serverUri: string, database: string, documentId: string, kind: ContentionTask['kind']) {
  const task = {
    uri: serverUri,
    dbName: database,
    collection: 'counters',
    documentId,
    kind,
    operations: 500,
    maxPoolSize: 20,
  };
  const results = await runContention(rootDir, 2, task);
  return results.reduce((n, r) => n + r.succeeded, 0);
}

describe('one document, 2 processes × 20 connections', () => {
  it('1,000 guarded seat takes against 100 free seats take exactly 100', async () => {
    const counters = client.db(dbName).collection<Counter>('counters');
    await counters.insertOne({ _id: 'seats', seatsFree: 100 });
    const granted = await race(uri, dbName, 'seats', 'take-seat');
    expect({ granted, left: (await counters.findOne({ _id: 'seats' }))?.seatsFree }).toEqual({ granted: 100, left: 0 });
  });

  it('1,000 parallel $inc of one counter end exact', async () => {
    const counters = client.db(dbName).collection<Counter>('counters');
    await counters.insertOne({ _id: 'hits', hits: 0 });
    const applied = await race(uri, dbName, 'hits', 'inc');
    expect({ applied, hits: (await counters.findOne({ _id: 'hits' }))?.hits }).toEqual({ applied: 1_000, hits: 1_000 });
  });
});

describe('reads while writing', () => {
  it('a read is answered while a long bulk write is running', async () => {
    const people = client.db(dbName).collection<{ _id: string; n: number }>('people');
    await people.insertOne({ _id: 'someone', n: -1 });
    let bulkDone = false;
    const bulk = people
      .insertMany(Array.from({ length: 30_000 }, (_, n) => ({ _id: `p${n}`, n })))
      .finally(() => (bulkDone = true));
    // With one connection per process (or a write holding a server-wide lock) the first read would wait for
    // the whole bulk; here reads keep being answered while it runs.
    const answeredDuringTheBulk: unknown[] = [];
    while (!bulkDone) {
      const read = await people.findOne({ _id: 'someone' });
      if (!bulkDone) answeredDuringTheBulk.push(read);
    }
    await bulk;
    expect(answeredDuringTheBulk.length).toBeGreaterThanOrEqual(3);
    expect(answeredDuringTheBulk).toEqual(answeredDuringTheBulk.map(() => ({ _id: 'someone', n: -1 })));
  });
});

describe('FerretDB without the write front', () => {
  itOnFerret('FerretDB 1.24 alone lets guarded updates pass on stale reads and loses $inc updates', async () => {
    // An update reads the document, applies the operators in FerretDB and writes it back by _id without
    // checking it is unchanged (FerretDB issue 3040): the reason for the front.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'ub-bare-'));
    const bare = await startEmbeddedDatabase({
      rootDir,
      dataDir,
      prefer: 'ferretdb',
      writeFront: false,
      log: () => undefined,
    });
    const bareClient = await new MongoClient(bare.uri).connect();
    try {
      const counters = bareClient.db('race').collection<Counter>('counters');
      await counters.insertMany([
        { _id: 'seats', seatsFree: 100 },
        { _id: 'hits', hits: 0 },
      ]);
      const granted = await race(bare.uri, 'race', 'seats', 'take-seat');
      await race(bare.uri, 'race', 'hits', 'inc');
      const hits = (await counters.findOne({ _id: 'hits' }))?.hits;
      expect(granted).toBeGreaterThan(100);
      expect(hits).toBeLessThan(1_000);
    } finally {
      await bareClient.close();
      await bare.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
