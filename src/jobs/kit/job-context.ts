import type { AppDeps } from '../../deps.js';
import { systemActor, type ServiceContext } from '../../services/context.js';

/** The service context of work a job does on behalf of ub itself, in one organization. */
export function jobContext(deps: Pick<AppDeps, 'store' | 'now'>, orgId: string): ServiceContext {
  return { store: deps.store, orgId, actor: systemActor, source: 'job', now: deps.now, requestId: undefined };
}
