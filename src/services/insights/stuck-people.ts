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
  const reach = invitationReach(ctx, group);
  const filter: Record<string, unknown> = { orgId: ctx.orgId, status: 'pending' };
  if (reach !== undefined) filter.groupIds = reach.length === 1 ? reach[0] : { $in: reach };
  if (input.after !== undefined) filter._id = { $gt: personKey(ctx.orgId, input.after) };
  const found = await ctx.store.invitations
    .find(filter)
    .sort({ _id: 1 })
    .limit(input.limit + 1)
    .select({ email: 1, slackUserId: 1, firstSentAt: 1 })
    .lean()
    .exec();
  const people = found.slice(0, input.limit).map(invitee);
  const hasNext = found.length > input.limit;
  return { step: 'joined', people, hasNext, next: hasNext ? people.at(-1)?.email : undefined };
}

/**
 * The groups whose pending invitations the actor may see (undefined: all): in one group, that
 * group where they hold the invite/deactivate permission (as `/ub invitations`); otherwise every
 * group where they do. Refuses an actor who may see none.
 */
function invitationReach(ctx: ServiceContext, group: { id: string; name: string } | undefined): string[] | undefined {
  if (group) {
    assertCan(ctx.actor, 'invitation.view', { groupIds: [group.id], groupName: group.name });
    return [group.id];
  }
  const reach = groupsActorMayUse(ctx.actor, 'invitation.view');
  if (reach !== undefined && reach.length === 0) assertCan(ctx.actor, 'invitation.view', {});
  return reach;
}

function invitee(doc: { email: string; slackUserId?: string | undefined; firstSentAt: Date }): StuckPerson {
  return { email: doc.email, name: undefined, slackUserId: doc.slackUserId, since: doc.firstSentAt };
}

/**
 * The first `limit` of these emails (in email order) whose invitation is still pending, in the
 * group when one is given: what listStuckPeople's first page of the `joined` step would show among
 * them, with the same rights, each invitation read by `_id`. For candidates counted earlier (a
 * weekly digest's, decision 047), so that no digest scans the invitations.
 */
export async function pendingInviteesAmong(
  ctx: ServiceContext,
  input: { groupId?: string | undefined; emails: string[]; limit: number },
): Promise<StuckPerson[]> {
  const group = input.groupId === undefined ? undefined : await groupOf(ctx, input.groupId);
  assertCan(ctx.actor, 'insights.view', group ? { groupIds: [group.id], groupName: group.name } : {});
  const reach = invitationReach(ctx, group);
  const emails = [...new Set(input.emails)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const people: StuckPerson[] = [];
  // A page's worth at a time: most candidates are still pending, so one round is the usual.
  for (let start = 0; start < emails.length && people.length < input.limit; start += input.limit) {
    const docs = await Promise.all(
      emails
        .slice(start, start + input.limit)
        .map((email) =>
          ctx.store.invitations
            .findById(personKey(ctx.orgId, email))
            .select({ orgId: 1, status: 1, groupIds: 1, email: 1, slackUserId: 1, firstSentAt: 1 })
            .lean()
            .exec(),
        ),
    );
    for (const doc of docs) {
      if (!doc || doc.orgId !== ctx.orgId || doc.status !== 'pending') continue;
      if (reach !== undefined && !doc.groupIds.some((id) => reach.includes(id))) continue;
      if (people.length < input.limit) people.push(invitee(doc));
    }
  }
  return people;
}
