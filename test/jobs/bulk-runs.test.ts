import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SWEEP_JOB } from '../../src/jobs/bulk-runs.js';
import { scheduleBulkRun } from '../../src/jobs/kit/run-bulk-job.js';
import { createBulkRun } from '../../src/services/bulk-runs/bulk-run-repository.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { buildActor, createUser } from '../support/factories.js';
import { waitForBulkRuns } from '../support/bulk-runs.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ACTOR', email: 'actor@example.com' });
  await createUser(t.store, { email: 'actor@example.com', role: 'admin' });
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 100, seatsFree: 99 } });
});
afterAll(async () => t.stop());

describe('the bulk-run sweep', () => {
  it('gives a job to a run that has none (the process died between storing it and scheduling it)', async () => {
    const { run } = await createBulkRun(t.store, {
      orgId: 'T_TEST',
      kind: 'invite',
      requestKey: 'orphan',
      actor: buildActor(),
      source: 'command',
      requestId: 'R-orphan',
      input: { plan: { role: 'user', pro: false, groupIds: [], groupNames: [] }, unresolved: [] },
      items: [{ email: 'orphan1@example.com' }, { email: 'orphan2@example.com' }],
      status: 'queued',
      notifyUserId: 'U_ACTOR',
    });
    // Nobody has reported on it for longer than three lock lifetimes.
    await t.store.bulkRuns.updateOne(
      { _id: run.id },
      { $set: { createdAt: new Date(Date.now() - 60_000) } },
      { timestamps: false, overwriteImmutable: true },
    );
    await t.app.deps.jobs.now(SWEEP_JOB);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await waitForBulkRuns(t.store);
    expect(await t.store.bulkRuns.findById(run.id).lean()).toMatchObject({ status: 'finished', counts: { done: 2 } });
    expect(t.fake.messagesIn('U_ACTOR').at(-1)!.text).toBe('Invitations: 2 done, 0 skipped, 0 failed');
  });
});

describe('a run with a page cut off in its middle', () => {
  it('has the funnels recounted at the end, the repair audited as ub’s own', async () => {
    const { run } = await createBulkRun(t.store, {
      orgId: 'T_TEST',
      kind: 'invite',
      requestKey: 'cut-off',
      actor: buildActor(),
      source: 'command',
      requestId: 'R-cut-off',
      input: { plan: { role: 'user', pro: false, groupIds: [], groupNames: [] }, unresolved: [] },
      items: [{ email: 'cut1@example.com' }, { email: 'cut2@example.com' }],
      status: 'queued',
      notifyUserId: 'U_ACTOR',
    });
    // As a runner killed in page 0 leaves it: the page noted as being applied, and a counter's `$inc` lost.
    await t.store.bulkRuns.updateOne({ _id: run.id }, { $set: { status: 'applying', applyingPage: 0 } });
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $inc: { 'funnel.joined': 5 } });
    await scheduleBulkRun(t.app.deps.jobs, run.id);
    await waitForBulkRuns(t.store);
    expect(await t.store.bulkRuns.findById(run.id).lean()).toMatchObject({
      status: 'finished',
      applyInterrupted: true,
      counts: { done: 2 },
    });
    const joined = await t.store.users.countDocuments({ orgId: 'T_TEST', status: 'active' });
    for (let i = 0; i < 200; i += 1) {
      const org = await t.store.organizations.findById('T_TEST').lean();
      if (org?.funnel?.joined === joined) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const org = await t.store.organizations.findById('T_TEST').lean();
    expect(org).toMatchObject({ funnel: { joined } });
    const repaired = await t.store.auditEntries.find({ action: 'funnel.counters_repaired' }).lean();
    expect(repaired).toMatchObject([{ targetType: 'organization', targetId: 'T_TEST', source: 'job' }]);
  });
});
