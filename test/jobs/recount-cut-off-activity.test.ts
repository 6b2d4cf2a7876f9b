import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JOB_NAME } from '../../src/jobs/recount-cut-off-activity.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createUser } from '../support/factories.js';
import { signIngestRequest } from '../support/slack-signature.js';

/** Decision 051: a learning-activity batch cut off by a crash has its organization's funnels recounted. */
const SECRET = 'ingest-secret-of-at-least-32-characters!';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { UB_INGEST_SECRET: SECRET } });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'ann@example.com' });
  // The factory writes people alone: the counters count them as the app's own writes would.
  await t.store.organizations.updateOne({ _id: t.orgId }, { $set: { 'funnel.joined': 2 } });
});
afterAll(async () => {
  await t.stop();
});

async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('learning-activity batches in flight', () => {
  it('leave no marker once a batch went through', async () => {
    const body = JSON.stringify({
      events: [{ id: 'e-1', type: 'enrolled', email: 'ann@example.com', courseId: 'go-1', at: '2026-11-20T10:00:00Z' }],
    });
    const response = await fetch(`${t.url}/api/v1/activity`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ub-team': t.orgId, ...signIngestRequest(SECRET, body) },
      body,
    });
    expect(await response.json()).toMatchObject({ applied: 1 });
    expect(await t.store.activityBatches.countDocuments({})).toBe(0);
    expect((await t.store.organizations.findById(t.orgId).lean())?.funnel).toMatchObject({ enrolled: 1 });
  });

  it('recounts the funnels of a batch cut off (a marker left long ago) and forgets the marker', async () => {
    // As a crash between a person's write and the counters' `$inc` leaves it.
    await t.store.organizations.updateOne({ _id: t.orgId }, { $inc: { 'funnel.enrolled': -1 } });
    await t.store.activityBatches.create({
      _id: 'cut-off',
      orgId: t.orgId,
      startedAt: new Date(Date.now() - 11 * 60_000),
    });
    await t.store.activityBatches.create({ _id: 'in-flight', orgId: t.orgId, startedAt: new Date() });
    await t.app.deps.jobs.now(JOB_NAME);
    await until('the funnel repaired', async () => {
      const org = await t.store.organizations.findById(t.orgId).lean();
      return org?.funnel?.enrolled === 1;
    });
    expect((await t.store.activityBatches.find({}).lean()).map((m) => m._id)).toEqual(['in-flight']);
    expect(await t.store.auditEntries.find({ action: 'funnel.counters_repaired' }).lean()).toMatchObject([
      { targetType: 'organization', targetId: t.orgId, source: 'job' },
    ]);
  });
});
