import { randomUUID } from 'node:crypto';
import { isDuplicateKey, UbError } from './errors.js';
import type { Store } from './store.js';

export interface LockOptions {
  /** How long to wait for a lock someone else holds before giving up with `conflict`. */
  waitMs?: number;
  /** How long a holder may keep it before it is presumed dead and broken. */
  lifetimeMs?: number;
  /** The refusal when the wait runs out, in words for the person who asked. */
  busyMessage?: string;
}

const POLL_MS = 20;

/**
 * Runs `work` while holding the lock named `key`, for rules that span documents (at least one
 * active admin must remain), where a guarded single-document update cannot decide alone. The
 * lock is the insert of a unique `_id`, the one write that is atomic on MongoDB and on FerretDB
 * whatever the connection pool (docs/decisions/006-locks-for-rules-across-documents.md). It expires
 * after `lifetimeMs` so a crashed holder does not block forever. Wall-clock time on purpose: the
 * lock is about processes, not the service clock that tests freeze.
 */
export async function withLock<T>(
  store: Store,
  key: string,
  work: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const token = randomUUID();
  const lifetime = options.lifetimeMs ?? 15_000;
  const deadline = Date.now() + (options.waitMs ?? 5_000);
  for (;;) {
    try {
      await store.locks.create({ _id: key, token, until: new Date(Date.now() + lifetime) });
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const held = await store.locks.findById(key).lean().exec();
    if (held && held.until.getTime() < Date.now()) {
      // The holder died without releasing: break the lock, then race for it again.
      await store.locks.deleteOne({ _id: key, token: held.token }).exec();
      continue;
    }
    if (Date.now() > deadline)
      throw new UbError(
        'conflict',
        options.busyMessage ?? 'Someone else is changing this right now. Try again in a moment.',
      );
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  try {
    return await work();
  } finally {
    await store.locks.deleteOne({ _id: key, token }).exec();
  }
}
