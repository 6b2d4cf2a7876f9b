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
  /**
   * Told after a write that freed a seat or a Pro seat (a deactivation, a cancelled invitation, more
   * seats bought, a Pro license taken back), so the waitlist of approved requests is served now
   * rather than at the next sweep (decision 043). Never throws; absent where nobody listens.
   */
  seatFreed?: () => void;
}

/** The actor used by jobs and start-up work that act on behalf of ub itself. */
export const systemActor: Actor = {
  slackUserId: undefined,
  email: undefined,
  userId: undefined,
  role: 'admin',
  managedGroups: [],
};
