import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { runContention } from '../test/support/contention.js';
import { startPostgresEngine, startSqliteEngine, type BenchEngine } from './engines.js';

/**
 * `npm run bench:writes`: the measurements behind docs/decisions/005. For each FerretDB engine and
 * each way of keeping single-document updates atomic, it runs the races of issue 7 across two
 * processes and times `_id` reads alone, during a slow search and during a bulk insert.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DOCS = Number(process.env.BENCH_DOCS ?? 20_000);

interface Setup {
  name: string;
  /** FerretDB started with tools/ferretdb's write front. */
  front: boolean;
  /** Pool of the client that writes (and reads, without a read pool). */
  writePool: number;
  /** A second client, for reads only. */
  readPool?: number;
}

const setups: Setup[] = [
  { name: 'bare FerretDB, pool of 20 (no protection)', front: false, writePool: 20 },
  { name: '(1) one connection per process', front: false, writePool: 1 },
  { name: '(2) one write connection + read pool of 20', front: false, writePool: 1, readPool: 20 },
  { name: '(3) write front, pool of 20', front: true, writePool: 20 },
];

interface Row {
  engine: string;
  setup: string;
  seats: string;
  incs: string;
  readAlone: string;
  readDuringSearch: string;
  readDuringBulk: string;
  writeDuringSearch: string;
}

async function main(): Promise<void> {
  const engines = process.env.BENCH_ENGINES?.split(',') ?? ['sqlite', 'postgresql'];
  const rows: Row[] = [];
  for (const engineName of engines) {
    for (const setup of setups) {
      console.log(`\n== ${engineName}: ${setup.name}`);
      const options = { writeFront: setup.front };
      const engine =
        engineName === 'sqlite'
          ? await startSqliteEngine(rootDir, options)
          : await startPostgresEngine(rootDir, options);
      try {
        const row = await measure(engine, setup);
        console.log(`  ${JSON.stringify(row)}`);
        rows.push(row);
      } finally {
        await engine.stop();
      }
    }
  }
  console.log(`\n${DOCS.toLocaleString('en-US')} documents; reads are findOne by _id, p50 / p99 in ms.`);
  console.log(
    '| engine | setup | 2 proc × 20 conn: 1,000 seat takes, 100 free | 1,000 parallel $inc | read alone | read during search | read during bulk insert | $inc during search |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.engine} | ${r.setup} | ${r.seats} | ${r.incs} | ${r.readAlone} | ${r.readDuringSearch} | ${r.readDuringBulk} | ${r.writeDuringSearch} |`,
    );
  }
}

async function measure(engine: BenchEngine, setup: Setup): Promise<Row> {
  const dbName = 'writesafety';
  const writer = await new MongoClient(engine.uri, { maxPoolSize: setup.writePool }).connect();
  const reader = setup.readPool ? await new MongoClient(engine.uri, { maxPoolSize: setup.readPool }).connect() : writer;
  try {
    const counters = writer.db(dbName).collection<{ _id: string; seatsFree?: number; hits?: number }>('counters');
    await counters.insertMany([
      { _id: 'seats', seatsFree: 100 },
      { _id: 'hits', hits: 0 },
    ]);
    const race = { uri: engine.uri, dbName, collection: 'counters', operations: 500, maxPoolSize: setup.writePool };
    const seats = await runContention(rootDir, 2, { ...race, documentId: 'seats', kind: 'take-seat' });
    const incs = await runContention(rootDir, 2, { ...race, documentId: 'hits', kind: 'inc' });
    const after = await counters.find({}).toArray();
    const granted = seats.reduce((n, r) => n + r.succeeded, 0);
    const seatsFree = after.find((d) => d._id === 'seats')?.seatsFree;
    const hits = after.find((d) => d._id === 'hits')?.hits;
    const incMs = Math.max(...incs.map((r) => r.ms));

    const people = writer.db(dbName).collection<{ _id: string; name: string; n: number }>('people');
    for (let start = 0; start < DOCS; start += 2_000) {
      await people.insertMany(
        Array.from({ length: 2_000 }, (_, i) => ({ _id: `p${start + i}`, name: `Person ${start + i}`, n: start + i })),
      );
    }
    // tools/ferretdb adds the index FerretDB's _id lookups need within 2 s of a collection's creation.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const readers = reader.db(dbName).collection<{ _id: string; name: string; n: number }>('people');
    const lookup = (i: number) => readers.findOne({ _id: `p${(i * 7919) % DOCS}` });

    const readAlone = await timed(200, 20_000, lookup);
    const search = background(async () => {
      await readers.find({ name: { $regex: 'nobody', $options: 'i' } }).toArray();
    });
    const readDuringSearch = await timed(40, 20_000, lookup);
    const writeDuringSearch = await timed(40, 20_000, () => counters.updateOne({ _id: 'hits' }, { $inc: { hits: 1 } }));
    await search.stop();

    let bulkDone = false;
    const bulk = people
      .insertMany(Array.from({ length: DOCS }, (_, i) => ({ _id: `q${i}`, name: `Newcomer ${i}`, n: i })))
      .finally(() => (bulkDone = true));
    const readDuringBulk = await timed(200, 60_000, lookup, () => bulkDone);
    await bulk;

    return {
      engine: engine.label,
      setup: setup.name,
      seats: `${granted} taken, counter ${seatsFree}`,
      incs: `${hits} of 1000 in ${(incMs / 1000).toFixed(2)} s`,
      readAlone: format(readAlone),
      readDuringSearch: format(readDuringSearch),
      readDuringBulk: format(readDuringBulk),
      writeDuringSearch: format(writeDuringSearch),
    };
  } finally {
    await writer
      .db(dbName)
      .dropDatabase()
      .catch(() => undefined);
    if (reader !== writer) await reader.close();
    await writer.close();
  }
}

/** Runs `call` one after the other up to `count` times, within `budgetMs`, or until `until()`. */
async function timed(
  count: number,
  budgetMs: number,
  call: (i: number) => Promise<unknown>,
  until: () => boolean = () => false,
): Promise<number[]> {
  const samples: number[] = [];
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < count && Date.now() < deadline && !until(); i += 1) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Repeats `work` until stopped. */
function background(work: () => Promise<void>): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    while (running) await work();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function format(samples: number[]): string {
  if (samples.length === 0) return 'n/a';
  return `${percentile(samples, 50).toFixed(1)} / ${percentile(samples, 99).toFixed(1)} (n=${samples.length})`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
