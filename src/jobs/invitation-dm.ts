import type { WebClient } from '@slack/web-api';
import type { ServiceContext } from '../services/context.js';
import type { InvitationDetails } from '../services/invitations/invitation-details.js';
import {
  recordInvitationDeliveries,
  type InvitationDelivery,
} from '../services/invitations/record-invitation-delivery.js';
import type { BulkKindSpec, DeliveryEnv } from './kit/bulk-kind.js';
import { invitationDmBlocks, invitationSentAgainBlocks } from '../views/invitations/invitation-dm-blocks.js';
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
    outcome = await postOnce(post, input.key, slackUserId, invitationDmBlocks(dmInput(ctx, input)));
  }
  if (outcome.state !== 'sent' || typeof slackUserId !== 'string') return { outcome };
  await turnOffEarlierAccept(post, ctx, input, outcome);
  return {
    outcome,
    delivery: {
      email: input.invitation.email,
      slackUserId,
      previousSlackUserId: input.invitation.slackUserId,
      dm: { channel: outcome.channel, ts: outcome.ts },
      auditId: `${input.key}:invitation.delivered`,
    },
  };
}

type DmRequest = Parameters<typeof sendInvitationDm>[2];

function dmInput(ctx: ServiceContext, input: DmRequest) {
  return {
    organizationName: input.organizationName,
    inviterSlackId: ctx.actor.slackUserId,
    learningUrl: input.learningUrl,
    ...input.invitation,
  };
}

/**
 * A resend: the earlier DM (where the invitation says it landed) loses its Accept button, updated
 * in place, so the invitee has one live Accept, in the newest DM. Done again after a crash, it
 * changes nothing; when Slack will not update it (deleted, too old), it stays as it was, which is
 * harmless: Accept matches the clicker's own email and is idempotent.
 */
async function turnOffEarlierAccept(
  post: PostEnv,
  ctx: ServiceContext,
  input: DmRequest,
  sent: { channel: string; ts: string },
): Promise<void> {
  const earlier = input.invitation.dm;
  if (!earlier || (earlier.channel === sent.channel && earlier.ts === sent.ts)) return;
  try {
    await post.client.chat.update({
      channel: earlier.channel,
      ts: earlier.ts,
      ...invitationSentAgainBlocks(dmInput(ctx, input)),
    });
  } catch (error) {
    if (!permanentRefusal(error)) throw error;
    post.log.info('slack: an earlier invitation DM could not be updated; its Accept stays (harmless)', {
      email: input.invitation.email,
      error: (error as Error).message,
    });
  }
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

/**
 * The message phase of a run whose done items are invitations (invite, resend, import): each
 * invitee gets the invitation DM once (sendInvitationDm, keyed by the item), recorded on their
 * invitation a page at a time. `invitationOf` says which invitation an item is (undefined: it is no
 * longer pending, and nothing is sent).
 */
export function invitationDmDelivery<Input extends { organizationName?: string; learningUrl?: string }, Item>(
  invitationOf: (env: DeliveryEnv, input: Input, item: Item) => Promise<InvitationDetails | undefined>,
  knownSlackUserId: (item: Item) => string | undefined = () => undefined,
): Pick<NonNullable<BulkKindSpec<Input, Item, InvitationDelivery>['deliver']>, 'send' | 'recordPage'> {
  return {
    send: async (env, input, item) => {
      const key = `${env.itemKey}:dm`;
      const invitation = await invitationOf(env, input, item);
      if (!invitation) return { outcome: await recordNotPosted(env.post, key, 'no longer pending') };
      const sent = await sendInvitationDm(env.post, env.ctx, {
        key,
        invitation,
        knownSlackUserId: knownSlackUserId(item),
        organizationName: input.organizationName,
        learningUrl: input.learningUrl,
        mayBeDone: env.mayBeDone,
      });
      return { outcome: sent.outcome, ...(sent.delivery ? { record: sent.delivery } : {}) };
    },
    recordPage: (ctx, _input, deliveries) => recordInvitationDeliveries(ctx, deliveries),
  };
}
