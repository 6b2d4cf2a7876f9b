import type { Store } from '../src/services/store.js';
import type { TestApp } from '../test/support/app-harness.js';

/** The Slack user every benchmark command comes from (an admin of the seeded organization). */
export const BENCH_ADMIN = 'UBENCHADM';

/**
 * Runs slash commands one after the other, end to end (signed request → answer at the response_url).
 * `warmUp` calls go first, untimed: the first calls of a series pay for compiling the code path and
 * filling the connection pool, which is the start of a process, not the command's cost.
 */
export async function timeCommands(
  app: TestApp,
  count: number,
  text: (i: number) => string,
  userId = BENCH_ADMIN,
  warmUp = 0,
): Promise<number[]> {
  for (let i = 0; i < warmUp; i += 1) await timeCommand(app, text(count + i), false, userId);
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push(await timeCommand(app, text(i), i === 0, userId));
  return times;
}

/**
 * Waits until no job of the app (in this process or another on its database) is running (none locked)
 * for a second: a freshly started app runs its start-up jobs (search sets, the hourly funnel
 * snapshot), and a figure of a command taken meanwhile measures them as much as it.
 */
export async function waitForIdleJobs(app: { store: Store }, timeoutMs = 600_000): Promise<number> {
  const started = Date.now();
  let idleSince: number | undefined;
  while (Date.now() - started < timeoutMs) {
    const running = await app.store.connection.db!.collection('jobs').countDocuments({ lockedAt: { $ne: null } });
    if (running > 0) idleSince = undefined;
    else if (idleSince === undefined) idleSince = Date.now();
    else if (Date.now() - idleSince >= 1_000) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`jobs still running after ${timeoutMs} ms`);
}

/** One command's time, end to end; `report` prints the answer when it is a problem rather than a result. */
export async function timeCommand(app: TestApp, text: string, report = false, userId = BENCH_ADMIN): Promise<number> {
  const started = performance.now();
  const { ack, responseUrl } = await app.slack.slashCommand({ userId, text });
  // A refused command is answered in the ack itself; anything else on the response_url.
  const answer =
    ack.body !== undefined
      ? (ack.body as Record<string, unknown>)
      : await app.fake.waitForResponsePost(responseUrl, () => true, 120_000);
  const ms = performance.now() - started;
  if (report && /warning/.test(String(answer.text)))
    console.log(`    the answer was a problem, not a result: ${String(answer.text).slice(0, 200)}`);
  return ms;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function percentiles(samples: number[]): string {
  return `p50 ${percentile(samples, 50).toFixed(0)} ms, p99 ${percentile(samples, 99).toFixed(0)} ms (n=${samples.length})`;
}
