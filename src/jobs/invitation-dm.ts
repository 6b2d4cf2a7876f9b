import type { WebClient } from '@slack/web-api';
import type { ServiceContext } from '../services/context.js';
import type { InvitationDetails } from '../services/invitations/invitation-details.js';
import type { InvitationDelivery } from '../services/invitations/record-invitation-delivery.js';
import { invitationDmBlocks } from '../views/invitations/invitation-dm-blocks.js';
import {
  permanentRefusal,
  postOnce,
  recordNotPosted,
  recordedPost,
  type PostEnv,
  type PostOutcome,
} from './kit/post-once.js';

export const NOT_IN_SLACK = 'not in this Slack workspace';

/**
 * Sends one invitation DM, exactly once per `key` (postOnce), to the invitee's Slack user: the one
 * an @mention named, the one the last DM went to, or users.lookupByEmail (Tier 3, about 50 a
 * minute: the Web API client waits out Retry-After). People not in the workspace get none, and
 * that is recorded too, so a resumed run does not look them up again (only the items of a page that
 * was under way when a runner stopped are read first: `mayBeDone`). A sent DM comes back with the
 * delivery to record on the invitation (recordInvitationDeliveries, a page at a time), also when it
 * was sent before a crash: recording it again changes nothing (its audit id derives from `key`).
 */
export async function sendInvitationDm(
  post: PostEnv,
  ctx: ServiceContext,
  input: {
    key: string;
    invitation: InvitationDetails;
    knownSlackUserId: string | undefined;
    organizationName: string | undefined;
    /** The organization's learning site, linked from the DM. */
    learningUrl: string | undefined;
    /** The item may have been handled before (a resumed page): look at its record before any lookup. */
    mayBeDone: boolean;
  },
): Promise<{ outcome: PostOutcome; delivery?: InvitationDelivery }> {
  const recorded = input.mayBeDone ? await recordedPost(post, input.key) : undefined;
  let outcome = recorded?.outcome;
  let slackUserId = recorded?.target;
  if (!outcome) {
    const found =
      input.knownSlackUserId ??
      input.invitation.slackUserId ??
      (await lookupSlackUser(post.client, input.invitation.email));
    if (typeof found !== 'string') return { outcome: await recordNotPosted(post, input.key, found.notFound) };
    slackUserId = found;
    const message = invitationDmBlocks({
      organizationName: input.organizationName,
      inviterSlackId: ctx.actor.slackUserId,
      learningUrl: input.learningUrl,
      ...input.invitation,
    });
    outcome = await postOnce(post, input.key, slackUserId, message);
  }
  if (outcome.state !== 'sent' || typeof slackUserId !== 'string') return { outcome };
  return {
    outcome,
    delivery: {
      email: input.invitation.email,
      slackUserId,
      previousSlackUserId: input.invitation.slackUserId,
      auditId: `${input.key}:invitation.delivered`,
    },
  };
}

/** The invitee's Slack user id, or why there is none; throws when Slack may answer later (rate limits). */
export async function lookupSlackUser(client: WebClient, email: string): Promise<string | { notFound: string }> {
  try {
    const answer = await client.users.lookupByEmail({ email });
    const user = answer.user;
    if (!user?.id || user.deleted || user.is_bot) return { notFound: NOT_IN_SLACK };
    return user.id;
  } catch (error) {
    const refusal = permanentRefusal(error);
    if (!refusal) throw error;
    if (refusal.includes('users_not_found')) return { notFound: NOT_IN_SLACK };
    return { notFound: refusal };
  }
}
