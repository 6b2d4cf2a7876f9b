import { afterAll, beforeAll } from '@jest/globals';
import type { Store } from '../../src/services/store.js';
import { connectTestDatabase, type TestDatabase } from './database.js';

/**
 * A fresh database for the test file: connected before its tests, dropped after. The returned
 * object is filled in by beforeAll, so tests use it as they would the connection itself.
 */
export function useTestDatabase(): TestDatabase {
  // Empty until beforeAll runs; no test touches it before then.
  const handle = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(handle, await connectTestDatabase());
  });
  afterAll(async () => {
    await handle.drop();
  });
  return handle;
}

/** Empties every collection of the store (between tests that each want a blank organization). */
export async function clearDatabase(store: Store): Promise<void> {
  await Promise.all(Object.values(store.connection.models).map((model) => model.deleteMany({}).exec()));
}

/** The error a promise rejects with, or undefined when it resolves: `expect(await refusal(p)).toMatchObject({ code })`. */
export function refusal<E = Error>(promise: Promise<unknown>): Promise<E | undefined> {
  return promise.then(
    () => undefined,
    (error: unknown) => error as E,
  );
}
