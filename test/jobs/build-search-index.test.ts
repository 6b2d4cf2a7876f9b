import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { createStore, ensureIndexes, type Store } from '../../src/services/store.js';
import { startTestApp, TEST_TEAM_ID, withDatabase, type TestApp } from '../support/app-harness.js';
import { createOrganization, createUser } from '../support/factories.js';
import { asText } from '../support/posted-blocks.js';

/**
 * An upgrade: a database that already holds people (and no search sets) when this version starts.
 * The start schedules the build job by itself; searches answer meanwhile, and the same after.
 */
let db: DatabaseConnection;
let store: Store;
let t: TestApp | undefined;
const uri = withDatabase(process.env.UB_TEST_MONGODB_URI!, `ubtest_upgrade_${randomBytes(4).toString('hex')}`);

beforeAll(async () => {
  db = await connectDatabase({ uri });
  store = createStore(db.connection);
  await ensureIndexes(store);
  await createOrganization(store, { orgId: TEST_TEAM_ID, searchIndexed: false });
  await createUser(store, { email: 'boss@example.com', role: 'admin', searchIndexed: false });
  for (let i = 0; i < 60; i += 1)
    await createUser(store, {
      email: `person${i}@example.com`,
      firstName: i % 2 === 0 ? 'Chloé' : 'Noah',
      surname: `Number${i}`,
      searchIndexed: false,
    });
});

afterAll(async () => {
  await t?.stop();
  await db.connection.dropDatabase().catch(() => undefined);
  await db.close();
});

async function listed(app: TestApp, query: string): Promise<string> {
  const { responseUrl } = await app.slack.slashCommand({ userId: 'U_BOSS', text: `users ${query}` });
  const post = await app.fake.waitForResponsePost(responseUrl);
  return `${String(post.text)}\n${asText(post.blocks)}`;
}

describe('starting on a database from before the search sets', () => {
  it('builds them in a job at start, with no manual step, and answers searches the same before and after', async () => {
    t = await startTestApp({ env: { MONGODB_URI: uri } });
    t.fake.addUser({ id: 'U_BOSS', email: 'boss@example.com' });
    const before = await listed(t, 'chloe');
    expect(before).toContain('person0@example.com');
    expect(before).not.toContain('person1@example.com');

    const deadline = Date.now() + 30_000;
    while ((await store.searchIndexStates.findById(TEST_TEAM_ID).lean().exec())?.members !== 'ready') {
      if (Date.now() > deadline) throw new Error('the build job did not finish within 30 s');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(await store.keySets.exists({ _id: `${TEST_TEAM_ID}:m:tok:chloe` }).exec()).toBeTruthy();
    expect(await listed(t, 'chloe')).toEqual(before);
    // The one-off job is gone once done: nothing left to run at the next start.
    while ((await store.connection.collection('jobs').countDocuments({ name: 'search-index.build' })) > 0) {
      if (Date.now() > deadline) throw new Error('the finished build job was not removed');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 60_000);
});
