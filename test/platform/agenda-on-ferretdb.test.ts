import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Agenda, Job } from 'agenda';
import mongoose, { type Connection } from 'mongoose';
import { createJobRunner, stopJobRunner } from '../../src/jobs/agenda.js';
import { connectTestDatabase, type TestDatabase } from '../support/database.js';

// Agenda 6 with @agendajs/mongo-backend, as the app builds it, on the engine the tests run on
// (docs/decisions/002-ferretdb-compatibility.md).

interface LogEntry {
  line: string;
  error?: unknown;
}

let t: TestDatabase;
let second: Connection;
let running: Agenda[] = [];

beforeAll(async () => {
  t = await connectTestDatabase();
  // A second client on the same database, as a second app process would have.
  second = await mongoose.createConnection(t.uri, { dbName: t.dbName }).asPromise();
});
afterEach(async () => {
  await Promise.all(running.map((agenda) => stopJobRunner(agenda, 2_000)));
  running = [];
});
afterAll(async () => {
  await second.close();
  await t.drop();
});

function runner(connection: Connection = t.db.connection, log: LogEntry[] = []): Agenda {
  const agenda = createJobRunner({
    connection,
    processEvery: 200,
    log: (line, error) => log.push({ line, error }),
  });
  running.push(agenda);
  return agenda;
}

// Agenda checks a running job's lock every lockLifetime / 2 with a timer that outlives the job: with the
// app's 10-minute lock that is a 5-minute timer keeping Jest's worker alive after the last test.
const shortLock = { lockLifetime: 1_000 };
// The queue tests count runs: on a loaded machine a job's completion write can come after 1 s, and the
// other runner would rightly take its lock for expired and run it again (seen at load 11 on 2 cores).
const queueLock = { lockLifetime: 4_000 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const storedJobs = (name: string) => t.db.connection.collection('jobs').countDocuments({ name });

/** Queues `count` jobs, runs them on the given runners and returns who ran which job (after things settle). */
async function runQueue(name: string, runners: Agenda[], count: number) {
  const runs: Array<{ runner: number; n: number }> = [];
  runners.forEach((agenda, runnerIndex) =>
    agenda.define<{ n: number }>(
      name,
      async (job: Job<{ n: number }>) => {
        runs.push({ runner: runnerIndex, n: job.attrs.data.n });
        await sleep(30);
      },
      queueLock,
    ),
  );
  await Promise.all(runners.map((agenda) => agenda.start()));
  await Promise.all(Array.from({ length: count }, (_, n) => runners[0]!.now(name, { n })));
  await waitFor(`all ${count} ${name} jobs`, () => new Set(runs.map((r) => r.n)).size === count);
  // Three more polls of every runner: time for a job to run a second time, if it is going to.
  await sleep(600);
  await waitFor(`${name} jobs removed`, async () => (await storedJobs(name)) === 0);
  return runs;
}

describe('Agenda on the app connection', () => {
  it('runs a one-off job scheduled with now() once, and removes it when it completes', async () => {
    const agenda = runner();
    const seen: string[] = [];
    agenda.define<{ who: string }>(
      'one-off',
      async (job: Job<{ who: string }>) => {
        seen.push(job.attrs.data.who);
      },
      shortLock,
    );
    await agenda.start();
    await agenda.now('one-off', { who: 'ada' });
    await waitFor('the one-off job', () => seen.length > 0);
    await waitFor('the one-off job removed', async () => (await storedJobs('one-off')) === 0);
    await sleep(600);
    expect(seen).toEqual(['ada']);
  });

  it('runs each of 20 queued jobs exactly once with one job runner', async () => {
    const runs = await runQueue('queue-single', [runner()], 20);
    expect(runs.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it('two job runners on one database competing for 20 jobs run each exactly once', async () => {
    // Agenda locks a job with findOneAndUpdate({ lockedAt: null, … }, { $set: { lockedAt } }). A bare FerretDB 1.24
    // checks that filter on a read and writes back without re-checking, so both runners took some jobs; through
    // tools/ferretdb's write front (decision 005) the update is atomic, as on MongoDB.
    const runs = await runQueue('queue-pair', [runner(), runner(second)], 20);
    expect(runs.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it("runs a recurring job from every('1 second') at least twice", async () => {
    const agenda = runner();
    let ticks = 0;
    agenda.define(
      'tick',
      async () => {
        ticks += 1;
      },
      shortLock,
    );
    await agenda.start();
    await agenda.every('1 second', 'tick');
    await waitFor('two ticks', () => ticks >= 2, 4_000);
    await agenda.cancel({ name: 'tick' });
    expect(ticks).toBeGreaterThanOrEqual(2);
  });

  /** Starts a runner with a job that takes 700 ms and resolves once that job is running. */
  async function startSlowJob(name: string) {
    const agenda = runner();
    const state = { finished: false };
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    agenda.define(
      name,
      async () => {
        started();
        await sleep(700);
        state.finished = true;
      },
      shortLock,
    );
    await agenda.start();
    await agenda.now(name);
    await running;
    return { agenda, state };
  }

  it('stopJobRunner waits for a running job to finish', async () => {
    const { agenda, state } = await startSlowJob('slow');
    await stopJobRunner(agenda, 1_500);
    expect(state.finished).toBe(true);
  });

  it('Agenda 6.2.6 drain() misses a job that removeOnComplete deletes, and sits out its whole timeout', async () => {
    // drain() re-checks its running jobs one tick after 'complete', but the job leaves that list only after
    // the removal's round trip to the database, so drain waits for a 'complete' that never comes. The job
    // has finished; stopping simply takes the full timeout.
    const { agenda, state } = await startSlowJob('slow-drain');
    const stopping = Date.now();
    const result = await agenda.drain({ timeout: 1_500, closeConnection: false });
    expect(state.finished).toBe(true);
    expect(result).toMatchObject({ completed: 1, timedOut: true });
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(1_400);
  });

  it("reports a job that throws through the 'fail' event and the log callback", async () => {
    const log: LogEntry[] = [];
    const agenda = runner(t.db.connection, log);
    agenda.define(
      'explodes',
      async () => {
        throw new Error('boom');
      },
      shortLock,
    );
    const failed = new Promise<{ error: Error; job: Job }>((resolve) =>
      agenda.once('fail', (error: Error, job: Job) => resolve({ error, job })),
    );
    await agenda.start();
    await agenda.now('explodes');
    const { error, job } = await failed;
    expect(error.message).toBe('boom');
    expect(job.attrs.name).toBe('explodes');
    expect(log).toContainEqual({
      line: `jobs: explodes (${String(job.attrs._id)}) failed`,
      error: expect.objectContaining({ message: 'boom' }),
    });
  });
});
