import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { forgetExpiredRequests } from '../services/request-signature-repository.js';

export const JOB_NAME = 'request-signatures.forget-expired';

/**
 * Keeps the replay memory small on engines without TTL indexes (FerretDB): a remembered request
 * is useless once its timestamp fails the freshness check. On MongoDB the TTL index does the same.
 */
export function defineForgetRequestSignatures(agenda: Agenda, deps: AppDeps): void {
  agenda.define(JOB_NAME, async () => {
    const removed = await forgetExpiredRequests(deps.store, deps.now());
    if (removed > 0) deps.log.debug('jobs: forgot expired request signatures', { removed });
  });
}

export async function scheduleForgetRequestSignatures(agenda: Agenda): Promise<void> {
  await agenda.every('10 minutes', JOB_NAME, undefined, { skipImmediate: true });
}
