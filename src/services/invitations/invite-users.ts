import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import type { BulkResult } from '../domain.js';
import { assertCan, groupsActorMayUse } from '../authorization.js';
import { seatUsage } from '../seats-repository.js';
import { groupNamesById } from '../groups/group-repository.js';
import type { InvitedPerson } from './invitation-details.js';
import { inviteBatch, settleInviteBatches } from './invite-batch.js';
import { inviteAddresses, planInvite, splitRepeatedAddresses, type InvitePlanInput } from './invite-plan.js';

export { MAX_INVITE_EMAILS, MAX_INVITE_MESSAGE } from './invite-plan.js';

/** Addresses invited per batch: one seat take, one insertMany and one audit insertMany each. */
export const INVITE_BATCH_SIZE = 100;

export interface InviteUsersInput extends InvitePlanInput {
  /** Addresses as typed; each malformed one is reported on its own, not as a failure of the request. */
  emails: string[];
  /** Told after every batch, for progress reports of long requests. */
  onProgress?: (handled: number, total: number) => void;
}

/** What the invite form offers the actor: the groups they may invite into, and whether role and Pro are theirs to set. */
export interface InviteFormChoices {
  /** Groups to pick from (at most 100), or `names` to type them when there are more. */
  groups: Array<{ id: string; name: string }> | 'names';
  /** Admins choose a role and Pro; group admins invite plain users. */
  canChooseRoleAndPro: boolean;
  /** Licenses left, for admins. */
  seats: { free: number; seats: number; proFree: number; proSeats: number } | undefined;
}

/** The most groups a form lists for picking; Slack's static selects hold 100 options. */
export const FORM_GROUP_LIMIT = 100;

/** The choices of the invite form, or the same refusal inviting would give. */
export async function inviteFormChoices(ctx: ServiceContext): Promise<InviteFormChoices> {
  const usable = groupsActorMayUse(ctx.actor, 'user.invite');
  if (usable === undefined) {
    const count = await ctx.store.groups.countDocuments({ orgId: ctx.orgId }).exec();
    const groups =
      count > FORM_GROUP_LIMIT
        ? ('names' as const)
        : (
            await ctx.store.groups.find({ orgId: ctx.orgId }).sort({ name: 1 }).limit(FORM_GROUP_LIMIT).lean().exec()
          ).map((g) => ({ id: g._id, name: g.name }));
    const usage = await seatUsage(ctx.store, ctx.orgId);
    return {
      groups,
      canChooseRoleAndPro: true,
      seats: { free: usage.free, seats: usage.seats, proFree: usage.proFree, proSeats: usage.proSeats },
    };
  }
  if (usable.length === 0) assertCan(ctx.actor, 'user.invite', {});
  const names = await groupNamesById(ctx.store, usable);
  const groups = usable
    .filter((id) => names.has(id))
    .map((id) => ({ id, name: names.get(id)! }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { groups: groups.length > FORM_GROUP_LIMIT ? 'names' : groups, canChooseRoleAndPro: false, seats: undefined };
}

/**
 * Invites people by email, in the request (small invites; bulk ones run as a durable job, see
 * src/jobs/invite-people.ts, with the same batches). Each new invitation takes a license seat (and
 * a Pro seat with `pro`) and writes an audit entry; addresses that are already people or pending
 * invitations are skipped with the reason; once the seats run out the remaining addresses fail
 * with the no-seats message. Unknown groups or a request the actor may not make refuse everything
 * before anything changes.
 */
export async function inviteUsers(ctx: ServiceContext, input: InviteUsersInput): Promise<BulkResult<InvitedPerson>> {
  const { unique: addresses, repeats } = splitRepeatedAddresses(inviteAddresses(input.emails));
  const plan = await planInvite(ctx, input);
  const run = `${ctx.orgId}:inline:${randomBytes(6).toString('hex')}`;
  const result: BulkResult<InvitedPerson> = { done: [], skipped: [], failed: [] };
  for (let first = 0; first < addresses.length; first += INVITE_BATCH_SIZE) {
    const id = `${run}:b${first}`;
    const items = addresses.slice(first, first + INVITE_BATCH_SIZE).map((email, i) => ({ index: first + i, email }));
    const outcomes = await inviteBatch(ctx, plan, { id, run, items });
    await settleInviteBatches(ctx, plan, [id]);
    for (const { status, email, reason, invitation } of outcomes) {
      if (status === 'done') result.done.push({ email, reason, invitation: invitation! });
      else result[status].push({ email, reason });
    }
    input.onProgress?.(Math.min(first + INVITE_BATCH_SIZE, addresses.length), addresses.length);
  }
  for (const { email, reason } of repeats) result.skipped.push({ email, reason });
  return result;
}
