import type { Job } from 'agenda';
import type { AppDeps } from '../../deps.js';

/**
 * Touches a running job's Agenda lock every third of the lock lifetime (and calls `beat`, when
 * given), so a live runner keeps its job and a dead one loses it within one lock lifetime.
 * Returns the function that stops it.
 */
export function keepJobAlive(job: Job<unknown>, deps: AppDeps, beat?: () => Promise<unknown>): () => void {
  const touch = () => {
    job.touch().catch((error: unknown) => deps.log.debug('jobs: lock not touched', { job: job.attrs.name, error }));
    beat?.().catch(() => undefined);
  };
  touch();
  const timer = setInterval(touch, Math.max(50, Math.floor(deps.jobLockLifetimeMs / 3)));
  timer.unref();
  return () => clearInterval(timer);
}
