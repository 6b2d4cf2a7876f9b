import type { ServiceContext } from '../context.js';
import { personKey } from '../domain.js';
import { displayName } from './member-repository.js';
import type { MemberFunnelStep } from './member-filter.js';
import { searchUsers } from './search-users.js';

export interface MemberAtStep {
  email: string;
  name: string;
  slackUserId: string | undefined;
  joinedAt: Date | undefined;
  firstEnrollmentAt: Date | undefined;
}

/**
 * A page of the active members whose furthest adoption-funnel step is `step` (who is stuck there),
 * in email order after `after`: the people search on the `fs:<step>` sets (decisions 018 and 021),
 * so the actor's reach applies as it does to `/ub users`. What the insights feature reads of people.
 */
export async function membersAtFunnelStep(
  ctx: ServiceContext,
  input: { step: MemberFunnelStep; groupName?: string | undefined; after?: string | undefined; limit: number },
): Promise<{ members: MemberAtStep[]; hasNext: boolean }> {
  const page = await searchUsers(ctx, {
    status: 'active',
    funnelStep: input.step,
    ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
    ...(input.after !== undefined ? { after: input.after } : {}),
    limit: input.limit,
  });
  const docs = await Promise.all(
    page.users.map((u) => ctx.store.users.findById(personKey(ctx.orgId, u.email)).lean().exec()),
  );
  return {
    members: page.users.map((u, i) => ({
      email: u.email,
      name: docs[i] ? displayName(docs[i]) : u.name,
      slackUserId: docs[i]?.slackUserId ?? undefined,
      joinedAt: docs[i]?.joinedAt ?? undefined,
      firstEnrollmentAt: docs[i]?.firstEnrollmentAt ?? undefined,
    })),
    hasNext: page.hasNext,
  };
}
