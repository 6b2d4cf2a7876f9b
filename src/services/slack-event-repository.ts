import { isDuplicateKey } from './errors.js';
import type { Store } from './store.js';

/**
 * Claims an Events API delivery by its event_id. Returns false when it was claimed before:
 * Slack retries deliveries it thinks failed, and a retry must have no second effect.
 */
export async function claimEvent(store: Store, eventId: string, now: Date): Promise<boolean> {
  try {
    await store.slackEvents.create({ _id: eventId, receivedAt: now });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Forgets claims older than Slack's retry window (the last retry comes after about 5 minutes). */
export async function forgetOldEvents(store: Store, olderThan: Date): Promise<number> {
  const result = await store.slackEvents.deleteMany({ receivedAt: { $lt: olderThan } }).exec();
  return result.deletedCount;
}
