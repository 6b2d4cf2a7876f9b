import { Agenda, InMemoryNotificationChannel } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Connection } from 'mongoose';

export interface JobRunnerOptions {
  connection: Connection;
  /** Poll interval; MongoBackend polls because its change-stream channel needs a replica set (not FerretDB). */
  processEvery?: string | number;
  /**
   * How long a job may run before another runner may take it over. Agenda keeps a liveness timer
   * of half this per running job that it never unrefs, so tests use a short one.
   */
  lockLifetimeMs?: number;
  log: (line: string, error?: unknown) => void;
}

/**
 * Agenda on the app's own MongoDB connection (one driver, one pool). Jobs are defined by
 * src/jobs/index.ts; this only builds the runner and reports job failures.
 */
export function createJobRunner(options: JobRunnerOptions): Agenda {
  const db = options.connection.db;
  if (!db) throw new Error('createJobRunner needs an open connection');
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: db, collection: 'jobs' }),
    name: `ub-${process.pid}`,
    processEvery: options.processEvery ?? '5 seconds',
    // Finished one-off jobs are deleted: on FerretDB/SQLite every lock poll reads the whole collection.
    removeOnComplete: true,
    defaultLockLifetime: options.lockLifetimeMs ?? 10 * 60 * 1000,
    // A job this process saves is run at once instead of at the next poll (a bulk run's first page
    // should not wait out processEvery); jobs saved by other replicas are still found by polling.
    notificationChannel: new InMemoryNotificationChannel(),
  });
  agenda.on('error', (error: unknown) => options.log('jobs: agenda error', error));
  agenda.on('fail', (error: unknown, job: { attrs: { name: string; _id?: unknown } }) =>
    options.log(`jobs: ${job.attrs.name} (${String(job.attrs._id)}) failed`, error),
  );
  return agenda;
}

/** Stops taking jobs and waits (up to the timeout) for running ones, releasing the locks of the rest. */
export async function stopJobRunner(agenda: Agenda, timeoutMs = 20_000): Promise<void> {
  // The connection belongs to the app, which closes it after the job runner has stopped.
  await agenda.drain({ timeout: timeoutMs, closeConnection: false });
  // drain() leaves the poll timer alone; stop() clears it and unlocks what drain timed out on.
  await agenda.stop(false);
}
