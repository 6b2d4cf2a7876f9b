import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app-harness.js';

// /healthz must report the database's real state without queueing behind the app's own queries (issue 7,
// section 3): a load balancer polls it while the app is busiest. The app runs here with a pool of 2 connections,
// both kept busy by bulk writes, so a ping sent through the app's pool would have to wait for one of them.
let t: TestApp;

beforeAll(async () => {
  const base = process.env.UB_TEST_MONGODB_URI;
  if (!base) throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest');
  t = await startTestApp({ mongodbUri: `${base}${base.includes('?') ? '&' : '?'}maxPoolSize=2` });
});
afterAll(async () => {
  await t.stop();
});

describe('GET /healthz while the app is busy', () => {
  it('answers 200 while long bulk writes hold every connection of the app', async () => {
    const bulk = t.store.connection.collection<{ _id: string; n: number }>('bulk_load');
    let running = 2;
    const writes = [0, 1].map((w) =>
      bulk
        .insertMany(Array.from({ length: 20_000 }, (_, n) => ({ _id: `w${w}-${n}`, n })))
        .finally(() => (running -= 1)),
    );
    const answers: Array<{ status: number; body: unknown }> = [];
    while (running === 2) {
      const response = await fetch(`${t.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      const answer = { status: response.status, body: await response.json() };
      if (running === 2) answers.push(answer);
    }
    await Promise.all(writes);
    expect(answers.length).toBeGreaterThanOrEqual(1);
    expect(answers).toEqual(
      answers.map(() => ({
        status: 200,
        body: expect.objectContaining({ status: 'ok', database: expect.objectContaining({ state: 'up' }) }),
      })),
    );
  });
});
