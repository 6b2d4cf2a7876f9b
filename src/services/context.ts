import type { AuditSource, ManagedGroup, Role } from './domain.js';
import type { Store } from './store.js';

/** Who is acting, as the services see them: never a Slack payload. */
export interface Actor {
  slackUserId: string | undefined;
  /** The org user's email when the Slack user is linked to one. */
  email: string | undefined;
  /** The org user's `_id` when linked. */
  userId: string | undefined;
  role: Role;
  managedGroups: ManagedGroup[];
}

/** What every service call carries: the organization, the actor, the clock, where the call came from. */
export interface ServiceContext {
  store: Store;
  orgId: string;
  actor: Actor;
  source: AuditSource;
  now: () => Date;
  /** Correlates audit entries and log lines with the Slack request that caused them. */
  requestId: string | undefined;
  /** The approval request a change carries out (its `_id`): audit entries name it, so they link to its decision. */
  approvalRequestId?: string;
}

/** The actor used by jobs and start-up work that act on behalf of ub itself. */
export const systemActor: Actor = {
  slackUserId: undefined,
  email: undefined,
  userId: undefined,
  role: 'admin',
  managedGroups: [],
};
