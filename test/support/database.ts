import { randomBytes } from 'node:crypto';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { createStore, ensureIndexes, type Store } from '../../src/services/store.js';

export interface TestDatabase {
  db: DatabaseConnection;
  store: Store;
  uri: string;
  dbName: string;
  /** Drops the database and closes the connection. */
  drop(): Promise<void>;
}

/** A fresh database on the run's server (see global-setup.ts), with the app's indexes. */
export async function connectTestDatabase(): Promise<TestDatabase> {
  const uri = process.env.UB_TEST_MONGODB_URI;
  if (!uri)
    throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest (test/support/global-setup.ts)');
  const dbName = `ubtest_${randomBytes(6).toString('hex')}`;
  const db = await connectDatabase({ uri, dbName });
  const store = createStore(db.connection);
  await ensureIndexes(store);
  return {
    db,
    store,
    uri,
    dbName,
    drop: async () => {
      await db.connection.dropDatabase();
      await db.close();
    },
  };
}
