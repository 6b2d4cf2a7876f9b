import { isDuplicateKey } from './errors.js';
import type { Store } from './store.js';

/**
 * Remembers a request by its signature (or Socket Mode envelope id). Returns false when it was
 * remembered before: the same signed bytes sent again are a replay. The insert of a unique `_id`
 * is atomic on every engine, so two replicas receiving the same replay at once accept it once.
 */
export async function rememberRequest(store: Store, key: string, expiresAt: Date): Promise<boolean> {
  try {
    await store.requestSignatures.create({ _id: key, expiresAt });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Forgets requests whose timestamps the freshness check refuses by now (for engines without TTL indexes). */
export async function forgetExpiredRequests(store: Store, now: Date): Promise<number> {
  const result = await store.requestSignatures.deleteMany({ expiresAt: { $lt: now } }).exec();
  return result.deletedCount;
}
