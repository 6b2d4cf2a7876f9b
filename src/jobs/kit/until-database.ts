import type { Logger } from '../../logger.js';
import { isDatabaseUnreachable } from '../../services/errors.js';

/** How long a runner waits for its database before it gives the run up to a later resume. */
const MAX_OUTAGE_MS = 30 * 60_000;
const FIRST_WAIT_MS = 250;
const LONGEST_WAIT_MS = 5_000;

export interface DatabasePatience {
  /** Runs a step, and again (it must be idempotent) while the database is unreachable. */
  run<T>(step: () => Promise<T>): Promise<T>;
  /** Told once when an outage starts (to show "waiting for the database"). */
  onPause: ((since: Date) => Promise<unknown>) | undefined;
  /** Told when a step succeeds again after an outage. */
  onResume: (() => Promise<unknown>) | undefined;
}

/**
 * A run's patience with its database. Steps of a bulk run are idempotent, so one cut short by an
 * outage is simply run again when the database answers: the person reads "waiting for the
 * database" and then the true counts, never "stopped … nothing was changed" while changes were
 * made. After MAX_OUTAGE_MS the error is thrown on: the Agenda job fails and the run is resumed by
 * the abandoned-run sweep once the database is back.
 */
export function untilDatabase(log: Logger, runId: string): DatabasePatience {
  const patience: DatabasePatience = {
    onPause: undefined,
    onResume: undefined,
    run: async <T>(step: () => Promise<T>): Promise<T> => {
      let since: Date | undefined;
      let wait = FIRST_WAIT_MS;
      for (;;) {
        try {
          const result = await step();
          if (since) {
            log.info('jobs: database back, bulk run carries on', { runId });
            await patience.onResume?.();
          }
          return result;
        } catch (error) {
          if (!isDatabaseUnreachable(error)) throw error;
          if (since && Date.now() - since.getTime() > MAX_OUTAGE_MS) throw error;
          if (!since) {
            since = new Date();
            log.warn('jobs: database unreachable, bulk run waits for it', { runId });
            await patience.onPause?.(since);
          }
          await new Promise((resolve) => setTimeout(resolve, wait));
          wait = Math.min(wait * 2, LONGEST_WAIT_MS);
        }
      }
    },
  };
  return patience;
}
