import { createInterface } from 'node:readline';
import { MongoClient } from 'mongodb';
import type { ContentionTask, ContentionResult } from './contention.js';

/**
 * One process of a contention run (test/support/contention.ts): its own MongoClient and connection
 * pool, as one replica of ub would have. It connects, says `ready`, waits for `go` on stdin so that
 * every process starts at once, fires all its operations at the same time and prints its result as
 * one JSON line.
 */
async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ContentionTask;
  const client = new MongoClient(task.uri, { maxPoolSize: task.maxPoolSize, minPoolSize: task.maxPoolSize });
  await client.connect();
  const documents = client
    .db(task.dbName)
    .collection<{ _id: string; seatsFree?: number; hits?: number }>(task.collection);
  // Open the whole pool before the start signal, so that every process races from its first operation.
  await Promise.all(Array.from({ length: task.maxPoolSize }, () => documents.findOne({ _id: task.documentId })));
  console.log('ready');
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));

  const started = performance.now();
  const outcomes = await Promise.all(
    Array.from({ length: task.operations }, async () => {
      if (task.kind === 'take-seat') {
        const seat = await documents.findOneAndUpdate(
          { _id: task.documentId, seatsFree: { $gt: 0 } },
          { $inc: { seatsFree: -1 } },
        );
        return seat !== null;
      }
      const result = await documents.updateOne({ _id: task.documentId }, { $inc: { hits: 1 } });
      return result.modifiedCount === 1;
    }),
  );
  const result: ContentionResult = { succeeded: outcomes.filter(Boolean).length, ms: performance.now() - started };
  console.log(JSON.stringify(result));
  await client.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
