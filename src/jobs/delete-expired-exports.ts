import type { Agenda } from 'agenda';
import type { AppDeps } from '../deps.js';
import { deleteExpiredExports } from '../services/exports/delete-expired-exports.js';

export const JOB_NAME = 'exports.delete-expired';

/** Export files are kept while their link works (24 hours), then deleted. */
export function defineDeleteExpiredExports(agenda: Agenda, deps: AppDeps): void {
  agenda.define(JOB_NAME, async () => {
    const deleted = await deleteExpiredExports(deps.store, deps.now());
    if (deleted > 0) deps.log.info('jobs: deleted expired export files', { deleted });
  });
}

export async function scheduleDeleteExpiredExports(agenda: Agenda): Promise<void> {
  await agenda.every('15 minutes', JOB_NAME, undefined, { skipImmediate: true });
}
