import { personKey } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { normalizeEmail } from '../email.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import { describe, joinFromInvitation, type AcceptedInvitation } from './join-repository.js';

export type { AcceptedInvitation } from './join-repository.js';

/**
 * The invitee accepts their pending invitation and becomes an active user with the role,
 * license and groups of the invitation; the seat the invitation held stays taken. The email
 * must be the actor's own (the Slack layer passes the clicker's profile email). The pending →
 * accepted step is one guarded update, so a double click creates one user.
 */
export async function acceptInvitation(
  ctx: ServiceContext,
  input: { email: string; slackUserId: string; realName: string | undefined },
): Promise<AcceptedInvitation> {
  const email = normalizeEmail(input.email);
  if (ctx.actor.email !== email) {
    throw new UbError(
      'not_authorized',
      'An invitation can only be accepted by the person it was sent to, from the Slack account with that email.',
    );
  }
  const joined = await joinFromInvitation(ctx, email, {
    slackUserId: input.slackUserId,
    realName: input.realName,
    at: ctx.now(),
  });
  return joined ?? currentState(ctx, personKey(ctx.orgId, email), email);
}

async function currentState(ctx: ServiceContext, _id: string, email: string): Promise<AcceptedInvitation> {
  const current = await ctx.store.invitations.findById(_id).lean().exec();
  if (current?.status === 'accepted') {
    return { ...describe(current, await groupNamesById(ctx.store, current.groupIds)), alreadyJoined: true };
  }
  if (current?.status === 'cancelled') {
    throw new UbError(
      'invalid_state',
      `The invitation for ${email} was cancelled. Ask a ub admin to invite you again.`,
    );
  }
  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).select({ status: 1 }).lean().exec();
  if (user)
    throw new UbError(
      'invalid_state',
      `${email} is already a member here${user.status === 'deactivated' ? ' (deactivated: ask an admin to reactivate you)' : ''}.`,
    );
  throw new UbError(
    'not_found',
    `There is no pending invitation for ${email} (the email on your Slack profile). Ask a ub admin to invite that address.`,
  );
}
