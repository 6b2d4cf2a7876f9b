import type { ServiceContext } from '../context.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { personKey } from '../domain.js';
import { UbError } from '../errors.js';
import { membersAtFunnelStep } from '../people/funnel-step-repository.js';

/**
 * The funnel steps people can be stuck before: not joined (a pending invitation), not enrolled
 * (joined, no course), not started (enrolled, no first lecture).
 */
export const STUCK_STEPS = ['joined', 'enrolled', 'started'] as const;
export type StuckStep = (typeof STUCK_STEPS)[number];

export interface StuckPerson {
  email: string;
  /** Their name when they have joined (invitees have none yet). */
  name: string | undefined;
  slackUserId: string | undefined;
  /** Since when they have been at the step before: invited, joined or first enrolled. */
  since: Date | undefined;
}

export interface StuckPage {
  step: StuckStep;
  people: StuckPerson[];
  hasNext: boolean;
  /** The cursor of the next page (exclusive: the last email of this one). */
  next: string | undefined;
}

export const MAX_STUCK_PAGE = 100;

/**
 * A page of the people who reached the step before `step` and not `step`, in email order, for the
 * organization or one group. Group admins see their groups only, and pending invitations only
 * where they hold the invite/deactivate permission (as `/ub invitations`). People come from the
 * search sets (`fs:<step>`, decision 021) or, for invitees, the indexed pending invitations.
 */
export async function listStuckPeople(
  ctx: ServiceContext,
  input: { step: StuckStep; groupId?: string | undefined; after?: string | undefined; limit: number },
): Promise<StuckPage> {
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_STUCK_PAGE)
    throw new UbError('invalid_input', `A page holds 1 to ${MAX_STUCK_PAGE} people.`);
  const group = input.groupId === undefined ? undefined : await groupOf(ctx, input.groupId);
  assertCan(ctx.actor, 'insights.view', group ? { groupIds: [group.id], groupName: group.name } : {});
  if (input.step === 'joined') return notJoined(ctx, group, input);
  const page = await membersAtFunnelStep(ctx, {
    step: input.step === 'enrolled' ? 'joined' : 'enrolled',
    groupName: group?.name,
    after: input.after,
    limit: input.limit,
  });
  const people = page.members.map((m) => ({
    email: m.email,
    name: m.name,
    slackUserId: m.slackUserId,
    since: input.step === 'enrolled' ? m.joinedAt : m.firstEnrollmentAt,
  }));
  return { step: input.step, people, hasNext: page.hasNext, next: page.hasNext ? people.at(-1)?.email : undefined };
}

async function groupOf(ctx: ServiceContext, id: string): Promise<{ id: string; name: string }> {
  const doc = await ctx.store.groups.findById(id).select({ orgId: 1, name: 1 }).lean().exec();
  if (!doc || doc.orgId !== ctx.orgId) throw new UbError('not_found', 'That group no longer exists.');
  return { id: doc._id, name: doc.name };
}

/** Pending invitations, keyset-paged on `_id`: indexed on MongoDB ({orgId, status, _id}). */
async function notJoined(
  ctx: ServiceContext,
  group: { id: string; name: string } | undefined,
  input: { after?: string | undefined; limit: number },
): Promise<StuckPage> {
  const filter: Record<string, unknown> = { orgId: ctx.orgId, status: 'pending' };
  if (group) {
    assertCan(ctx.actor, 'invitation.view', { groupIds: [group.id], groupName: group.name });
    filter.groupIds = group.id;
  } else {
    const reach = groupsActorMayUse(ctx.actor, 'invitation.view');
    if (reach !== undefined && reach.length === 0) assertCan(ctx.actor, 'invitation.view', {});
    if (reach !== undefined) filter.groupIds = { $in: reach };
  }
  if (input.after !== undefined) filter._id = { $gt: personKey(ctx.orgId, input.after) };
  const found = await ctx.store.invitations
    .find(filter)
    .sort({ _id: 1 })
    .limit(input.limit + 1)
    .select({ email: 1, slackUserId: 1, firstSentAt: 1 })
    .lean()
    .exec();
  const people = found.slice(0, input.limit).map((doc) => ({
    email: doc.email,
    name: undefined,
    slackUserId: doc.slackUserId,
    since: doc.firstSentAt,
  }));
  const hasNext = found.length > input.limit;
  return { step: 'joined', people, hasNext, next: hasNext ? people.at(-1)?.email : undefined };
}
