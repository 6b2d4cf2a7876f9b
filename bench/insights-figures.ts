import { systemActor, type ServiceContext } from '../src/services/context.js';
import { reconcileFunnel } from '../src/services/insights/reconcile-funnel.js';
import { startTestApp, type TestApp } from '../test/support/app-harness.js';
import { createUser } from '../test/support/factories.js';
import { signIngestRequest } from '../test/support/slack-signature.js';
import type { BenchEngine } from './engines.js';
import { seedOrganization } from './seed.js';
import { BENCH_ADMIN, percentiles, timeCommands, waitForIdleJobs } from './timing.js';
import { createStore } from '../src/services/store.js';
import type { Figure } from './search-figures.js';

const INGEST_SECRET = 'bench-ingest-secret-of-at-least-32-characters';
const BATCH = 1_000;
/** Above this many people the reconciliation (a pass over the people and the invitations per recount) is not run. */
const RECONCILE_MAX = Number(process.env.BENCH_RECONCILE_MAX ?? 1_000_000);
/** Enough calls that the p99 is the tenth-slowest, not the second; warmed up first (timing.ts). */
const ADOPTION_CALLS = 1_000;
const WARM_UP = 20;

/**
 * Issue 10's figures on one engine, at each organization size: `/ub adoption` and `/ub adoption
 * <group>` end to end (read from counters: they must not grow with the organization), ingestion
 * throughput in signed batches of 1,000 events to `POST /api/v1/activity` (first events that move
 * everyone up the funnel, then later ones that move nobody), and the reconciliation's recount (the
 * aggregations) with the drift it finds.
 */
export async function insightsFigures(engine: BenchEngine, sizes: number[], figure: Figure): Promise<void> {
  for (const people of sizes) {
    const at = people.toLocaleString('en-US');
    const app = await startTestApp({
      mongodbUri: engine.uri,
      env: { LOG_LEVEL: 'error', UB_INGEST_SECRET: INGEST_SECRET },
      // The job runner polls as in production (tests poll every 200 ms): each poll is a write.
      jobPollInterval: 5_000,
    });
    try {
      const groups = Math.min(2_000, Math.max(10, Math.floor(people / 50)));
      let started = Date.now();
      const seeded = await seedOrganization(app.store, app.orgId, people, groups);
      figure(`seed ${at} users, ${groups.toLocaleString('en-US')} groups (insertMany)`, seconds(started));
      app.fake.addUser({ id: BENCH_ADMIN, email: 'bench.admin@bench.example.com' });
      await createUser(app.store, { orgId: app.orgId, email: 'bench.admin@bench.example.com', role: 'admin' });
      // The factory writes the admin's document alone: the counters count them as the app would.
      await app.store.organizations.updateOne({ _id: app.orgId }, { $inc: { 'funnel.joined': 1 } }).exec();

      const waited = await waitForIdleJobs(app);
      figure(`start-up jobs finished before timing, ${at} people`, `${(waited / 1000).toFixed(1)} s`);
      figure(
        `/ub adoption end to end, ${at} people, ${ADOPTION_CALLS} calls after ${WARM_UP} untimed`,
        percentiles(await timeCommands(app, ADOPTION_CALLS, () => 'adoption', BENCH_ADMIN, WARM_UP)),
      );
      figure(
        `/ub adoption <group> end to end, ${at} people, ${ADOPTION_CALLS} calls after ${WARM_UP} untimed`,
        percentiles(
          await timeCommands(
            app,
            ADOPTION_CALLS,
            (i) => `adoption "${seeded.groupNames[(i * 37) % seeded.groupNames.length]}"`,
            BENCH_ADMIN,
            WARM_UP,
          ),
        ),
      );

      const batches = Math.min(10, Math.ceil(people / BATCH));
      for (const pass of ['first', 'later'] as const) {
        const events = ingestionEvents(seeded.emails, batches, pass);
        started = Date.now();
        for (const batch of events) await postActivity(app, batch);
        const elapsed = (Date.now() - started) / 1000;
        const total = events.reduce((n, b) => n + b.length, 0);
        figure(
          `ingestion, ${events.length} signed batches of ${BATCH.toLocaleString('en-US')} events, ${at} people, ${
            pass === 'first'
              ? 'first events (every person moves up the funnel)'
              : 'later events of the same people (no step crossed)'
          }`,
          `${Math.round(total / elapsed).toLocaleString('en-US')} events/s (${elapsed.toFixed(1)} s)`,
        );
      }

      if (people > RECONCILE_MAX) {
        figure(`reconciliation, ${at} people`, `not run (BENCH_RECONCILE_MAX=${RECONCILE_MAX})`);
        continue;
      }
      const ctx: ServiceContext = {
        store: app.store,
        orgId: app.orgId,
        actor: systemActor,
        source: 'job',
        now: () => new Date(),
        requestId: 'R-bench',
      };
      started = Date.now();
      // Counted through the long-read connection, as the recount job does (its socket outlasts a long pass).
      const recount = await reconcileFunnel(ctx, { settleMs: 0, counts: createStore(app.app.deps.db.longReads) });
      figure(
        `reconciliation after ingestion (people and invitations read once a recount, 2 recounts; drift found: ${recount.drifts.length}), ${at} people`,
        seconds(started),
      );
    } finally {
      await app.stop();
    }
  }
}

/**
 * Batches of events for seeded people: an enrollment, a first lecture, progress; each with an id.
 * The later pass sends each person the same kind of event an hour later: their dates move, their
 * step does not.
 */
function ingestionEvents(
  emails: string[],
  batches: number,
  pass: 'first' | 'later',
): Array<Array<Record<string, unknown>>> {
  const at = new Date(Date.now() - (pass === 'first' ? 2 : 1) * 3_600_000).toISOString();
  const types = ['enrolled', 'lecture_progress', 'lecture_completed', 'course_completed'] as const;
  return Array.from({ length: batches }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => {
      const n = b * BATCH + i;
      const type = types[n % types.length]!;
      return {
        id: `bench-${pass}-${n}`,
        type,
        email: emails[(n * 7919) % emails.length],
        courseId: `course-${n % 40}`,
        courseTitle: `Course ${n % 40}`,
        lectureId: `lecture-${n % 12}`,
        progress: n % 100,
        at,
      };
    }),
  );
}

async function postActivity(app: TestApp, events: Array<Record<string, unknown>>): Promise<void> {
  const body = JSON.stringify({ events });
  const response = await fetch(`${app.url}/api/v1/activity`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ub-team': app.orgId, ...signIngestRequest(INGEST_SECRET, body) },
    body,
  });
  const answer = (await response.json()) as { applied?: number; rejected?: unknown[] };
  if (response.status !== 200 || (answer.rejected?.length ?? 0) > 0)
    console.log(`    ingestion answered ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
}

function seconds(started: number): string {
  return `${((Date.now() - started) / 1000).toFixed(1)} s`;
}
