import type { TestApp } from '../test/support/app-harness.js';

/** The Slack user every benchmark command comes from (an admin of the seeded organization). */
export const BENCH_ADMIN = 'UBENCHADM';

/** Runs slash commands one after the other, end to end (signed request → answer at the response_url). */
export async function timeCommands(
  app: TestApp,
  count: number,
  text: (i: number) => string,
  userId = BENCH_ADMIN,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) times.push(await timeCommand(app, text(i), i === 0, userId));
  return times;
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
