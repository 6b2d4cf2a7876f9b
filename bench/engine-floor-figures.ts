import { MongoClient, type Collection } from 'mongodb';
import type { BenchEngine } from './engines.js';
import type { Figure } from './search-figures.js';

/**
 * What one statement costs the engine itself, through the driver and no ub code, on documents
 * shaped like ub's people: the floor under every figure ub's own paths can reach on this machine.
 * Issue 10's ingestion bound (2,000 events/s) and issue 11's export bound (50,000 rows/s) are
 * checked against it in docs/benchmarks.md ("What the engine allows").
 */
export async function engineFloorFigures(engine: BenchEngine, people: number, figure: Figure): Promise<void> {
  const client = await MongoClient.connect(engine.uri);
  const db = client.db(`bench_floor_${Date.now()}`);
  try {
    const users = db.collection<PersonDoc>('people');
    const at = people.toLocaleString('en-US');
    let started = performance.now();
    for (let first = 0; first < people; first += 1_000)
      await users.insertMany(Array.from({ length: Math.min(1_000, people - first) }, (_, i) => person(first + i)));
    figure(`engine floor: insertMany of ${at} person-like documents, by 1,000`, perDoc(started, people));
    // tools/ferretdb adds the SQLite `_id` index of a new collection within 2 s (decision 004).
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const stride = (n: number) => `p${(n * 7_919) % people}`;
    started = performance.now();
    for (let round = 0; round < 5; round += 1)
      await Promise.all(Array.from({ length: 1_000 }, (_, i) => users.findOne({ _id: stride(round * 1_000 + i) })));
    figure('engine floor: `_id` read of a person, 1,000 at once, 5 rounds', perStatement(started, 5_000));

    started = performance.now();
    await updateRounds(users, stride, 5_000);
    figure(
      'engine floor: update by `_id` that changes a date, commands of 20 statements',
      perStatement(started, 5_000),
    );

    const events = db.collection<{ _id: string }>('events');
    started = performance.now();
    for (let round = 0; round < 5; round += 1)
      await events.insertMany(Array.from({ length: 1_000 }, (_, i) => eventLike(round * 1_000 + i)));
    figure('engine floor: insertMany of 1,000 event-like documents', perDoc(started, 5_000));

    started = performance.now();
    let read = 0;
    for await (const doc of users.find({}, { batchSize: 1_000 })) if (doc) read += 1;
    figure(`engine floor: cursor over all ${at} people (no filter, no projection)`, perSecond(started, read, 'docs'));

    const pages = db.collection<{ _id: string; rows: string }>('pages');
    const pageRows = 200;
    const pageCount = Math.ceil(Math.min(people, 100_000) / pageRows);
    for (let p = 0; p < pageCount; p += 1) await pages.insertOne({ _id: `page${p}`, rows: pageText(p, pageRows) });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    started = performance.now();
    for (let p = 0; p < pageCount; p += 1) await pages.findOne({ _id: `page${p}` });
    figure(
      `engine floor: pages of ${pageRows} CSV rows read by \`_id\`, one after the other`,
      perSecond(started, pageCount * pageRows, 'rows'),
    );
    started = performance.now();
    const rewrites = Math.min(200, pageCount);
    for (let p = 0; p < rewrites; p += 1)
      await pages.updateOne({ _id: `page${p}` }, { $set: { rows: pageText(p + 1, pageRows) } });
    figure(`engine floor: rewrite of one ${pageRows}-row page by \`_id\``, perStatement(started, rewrites));
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}

interface PersonDoc {
  _id: string;
  [field: string]: unknown;
}

async function updateRounds(users: Collection<PersonDoc>, stride: (n: number) => string, count: number) {
  const later = new Date(Date.now() + 60_000);
  for (let first = 0; first < count; first += 20)
    await users.bulkWrite(
      Array.from({ length: 20 }, (_, i) => ({
        updateOne: { filter: { _id: stride(first + i) }, update: { $max: { lastActivityAt: later } } },
      })),
      { ordered: false },
    );
}

/** A person as ub stores one (the fields of models/user.ts that a seeded person has). */
function person(n: number): PersonDoc {
  const now = new Date();
  return {
    _id: `p${n}`,
    orgId: 'T_FLOOR',
    email: `person.${n}@floor.example.com`,
    firstName: `First${n}`,
    surname: `Surname${n}`,
    role: 'user',
    status: 'active',
    licenseType: 'standard',
    groupIds: [`g${n % 2_000}`],
    managedGroups: [],
    managedGroupsAtDeactivation: [],
    invitedAt: now,
    joinedAt: now,
    lastActivityAt: now,
    version: 0,
    createdAt: now,
    updatedAt: now,
  };
}

function eventLike(n: number): { _id: string } & Record<string, unknown> {
  const now = new Date();
  return {
    _id: `T_FLOOR:e:${n}`,
    orgId: 'T_FLOOR',
    email: `person.${n}@floor.example.com`,
    type: 'lecture_progress',
    courseId: `course-${n % 40}`,
    progress: n % 100,
    at: now,
    receivedAt: now,
    counted: true,
  };
}

function pageText(page: number, rows: number): string {
  return Array.from(
    { length: rows },
    (_, i) =>
      `person.${page * rows + i}@floor.example.com,First,Surname,user,active,Group name,,,standard,` +
      '2026-01-01T00:00:00.000Z,2026-01-02T00:00:00.000Z,,2026-11-01T00:00:00.000Z',
  ).join('\n');
}

function perStatement(started: number, statements: number): string {
  return `${((performance.now() - started) / statements).toFixed(3)} ms a statement`;
}

function perDoc(started: number, docs: number): string {
  return `${(((performance.now() - started) * 1_000) / docs).toFixed(0)} µs a document`;
}

function perSecond(started: number, count: number, unit: string): string {
  const seconds = (performance.now() - started) / 1_000;
  return `${Math.round(count / seconds).toLocaleString('en-US')} ${unit}/s (${count.toLocaleString('en-US')} in ${seconds.toFixed(1)} s)`;
}
