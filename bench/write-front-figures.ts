import type { Connection } from 'mongoose';
import { personKey } from '../src/services/domain.js';
import { runContention } from '../test/support/contention.js';
import type { BenchEngine } from './engines.js';

/**
 * Figures about what tools/ferretdb adds in front of FerretDB (docs/decisions/005), for `npm run bench`:
 * the throughput of racing `$inc`s through the write front, and, over PostgreSQL, the plan of an `_id`
 * lookup (indexed by the program's GIN indexes, a sequential scan without them).
 */
export async function writeFrontFigures(
  rootDir: string,
  engine: BenchEngine,
  connection: Connection,
  orgId: string,
  email: string,
): Promise<Array<[string, string]>> {
  const figures: Array<[string, string]> = [];
  const counters = connection.collection<{ _id: string; hits: number }>('bench_counters');
  await counters.insertOne({ _id: 'hits', hits: 0 });
  const task = {
    uri: engine.uri,
    dbName: connection.name,
    collection: 'bench_counters',
    documentId: 'hits',
    kind: 'inc' as const,
    operations: 500,
    maxPoolSize: 20,
  };
  const results = await runContention(rootDir, 2, task);
  const seconds = Math.max(...results.map((r) => r.ms)) / 1000;
  const hits = (await counters.findOne({ _id: 'hits' }))?.hits;
  figures.push([
    '1,000 parallel $inc of one counter, 2 processes × 20 connections',
    `${hits} of 1000 applied in ${seconds.toFixed(2)} s (${Math.round(1000 / seconds)}/s)`,
  ]);
  await counters.drop();

  if (engine.handler === 'postgresql') {
    const explained = JSON.stringify(
      await connection
        .collection<{ _id: string }>('users')
        .find({ _id: personKey(orgId, email) })
        .explain(),
    );
    const index = /"Index Name":"([^"]+)"/.exec(explained)?.[1];
    figures.push([
      'plan of a users lookup by _id (PostgreSQL EXPLAIN)',
      index ? `index scan on ${index}` : 'sequential scan',
    ]);
  }
  return figures;
}
