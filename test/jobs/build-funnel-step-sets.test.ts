import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { createStore, ensureIndexes, type Store } from '../../src/services/store.js';
import { startTestApp, TEST_TEAM_ID, withDatabase, type TestApp } from '../support/app-harness.js';
import { createGroup, createOrganization, createUser } from '../support/factories.js';
import { asText } from '../support/posted-blocks.js';

/**
 * An upgrade from a version whose search sets were complete but had no adoption-funnel sets
 * (`fs:<step>`, decision 021): the stuck lists read those. Starting this version builds them by
 * itself (decision 038), and the stuck lists are right before (a scan) and after (the sets).
 */
let db: DatabaseConnection;
let store: Store;
let t: TestApp | undefined;
let engId: string;
const uri = withDatabase(process.env.UB_TEST_MONGODB_URI!, `ubtest_fs_${randomBytes(4).toString('hex')}`);
const day = (d: number) => new Date(Date.UTC(2026, 10, d));

beforeAll(async () => {
  db = await connectDatabase({ uri });
  store = createStore(db.connection);
  await ensureIndexes(store);
  await createOrganization(store, { orgId: TEST_TEAM_ID });
  engId = (await createGroup(store, { name: 'Eng' }))._id;
  await createUser(store, { email: 'boss@example.com', role: 'admin' });
  // Joined, no course: j0..j5; enrolled, no lecture: e0..e3; started: s0, s1; one outside Eng.
  for (let i = 0; i < 6; i += 1) await createUser(store, { email: `j${i}@example.com`, groupIds: [engId] });
  for (let i = 0; i < 4; i += 1)
    await createUser(store, { email: `e${i}@example.com`, groupIds: [engId], firstEnrollmentAt: day(2) });
  for (let i = 0; i < 2; i += 1)
    await createUser(store, {
      email: `s${i}@example.com`,
      groupIds: [engId],
      firstEnrollmentAt: day(2),
      firstLectureAt: day(3),
    });
  await createUser(store, { email: 'elsewhere@example.com' });
  // What an organization built before the funnel sets looks like: complete sets without `fs:`.
  const fsSets = { _id: { $regex: `^${TEST_TEAM_ID}:m:fs:` } };
  expect(await store.keySets.countDocuments(fsSets).exec()).toBeGreaterThan(0);
  await store.keySets.deleteMany(fsSets).exec();
  await store.keySetChunks.deleteMany(fsSets).exec();
  await store.searchIndexStates.updateOne({ _id: TEST_TEAM_ID }, { $unset: { funnelSteps: 1 } }).exec();
});

afterAll(async () => {
  await t?.stop();
  await db.connection.dropDatabase().catch(() => undefined);
  await db.close();
});

/** Who `Who is stuck here` lists for a step of Eng, as the admin sees it. */
async function stuck(app: TestApp, step: 'enrolled' | 'started'): Promise<string[]> {
  const click = await app.slack.blockAction({
    userId: 'U_BOSS',
    actionId: `adoption.stuck:${step}`,
    value: JSON.stringify({ s: step, g: engId }),
  });
  const post = await app.fake.waitForResponsePost(click.responseUrl);
  return (asText(post.blocks).match(/[a-z]\d@example\.com/g) ?? []).sort();
}

describe('starting on a database whose search sets predate the funnel-step sets', () => {
  it('adds them in the build job with no manual step, and the stuck lists are right before and after', async () => {
    t = await startTestApp({ env: { MONGODB_URI: uri } });
    t.fake.addUser({ id: 'U_BOSS', email: 'boss@example.com' });
    const notEnrolled = ['j0', 'j1', 'j2', 'j3', 'j4', 'j5'].map((n) => `${n}@example.com`);
    const notStarted = ['e0', 'e1', 'e2', 'e3'].map((n) => `${n}@example.com`);
    expect(await stuck(t, 'enrolled')).toEqual(notEnrolled);

    const deadline = Date.now() + 30_000;
    while ((await store.searchIndexStates.findById(TEST_TEAM_ID).lean().exec())?.funnelSteps !== 'ready') {
      if (Date.now() > deadline) throw new Error('the build job did not add the funnel-step sets within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await store.keySets.exists({ _id: `${TEST_TEAM_ID}:m:fs:joined` }).exec()).toBeTruthy();
    expect(await store.keySets.exists({ _id: `${TEST_TEAM_ID}:m:fs:enrolled` }).exec()).toBeTruthy();
    // Now read from the sets: the same people.
    expect(await stuck(t, 'enrolled')).toEqual(notEnrolled);
    expect(await stuck(t, 'started')).toEqual(notStarted);
    // The other sets were left as they were (only the funnel-step sets were added).
    expect((await store.searchIndexStates.findById(TEST_TEAM_ID).lean().exec())?.members).toBe('ready');
  }, 60_000);
});
