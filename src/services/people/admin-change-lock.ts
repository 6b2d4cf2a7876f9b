import type { ServiceContext } from '../context.js';
import { UbError } from '../errors.js';
import { withLock } from '../locks.js';

/**
 * Runs a change that may take away an admin (deactivating or demoting one) while holding the
 * organization's admin-change lock. "Is there another active admin?" and the update are two
 * operations on two documents: two such changes at once (A demotes B while B demotes A) would
 * each see the other admin and leave none. Serialized, the second sees the first's result.
 */
export function withAdminChangeLock<T>(ctx: ServiceContext, work: () => Promise<T>): Promise<T> {
  return withLock(ctx.store, `admins:${ctx.orgId}`, work, {
    busyMessage: 'Another admin is changing admins right now. Try again in a moment.',
  });
}

export function lastAdminError(email: string, doing: 'deactivate' | 'demote'): UbError {
  return new UbError(
    'invalid_state',
    `${email} is the last active admin; ${doing === 'deactivate' ? 'deactivating' : 'demoting'} them would leave nobody to run ub. ` +
      'Make someone else an admin first with `/ub role <email> admin`.',
  );
}
