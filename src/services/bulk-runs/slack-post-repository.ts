import { isDuplicateKey } from '../errors.js';
import type { SlackPostDoc } from '../models/slack-post.js';
import type { Store } from '../store.js';

/** What ub knows about a message it must post once (see models/slack-post.ts). */
export interface SlackPost {
  key: string;
  state: SlackPostDoc['state'];
  nonce: string;
  target: string | undefined;
  claimedAt: Date;
  channel: string | undefined;
  ts: string | undefined;
  reason: string | undefined;
}

export async function findSlackPost(store: Store, key: string): Promise<SlackPost | undefined> {
  const doc = await store.slackPosts.findById(key).lean().exec();
  return doc ? toPost(doc) : undefined;
}

/** Claims the post (inserting its `_id`): `true` when this caller holds it now, else what is recorded. */
export async function claimSlackPost(
  store: Store,
  input: { key: string; orgId: string; runId: string | undefined; nonce: string; target: string; now: Date },
): Promise<true | SlackPost> {
  try {
    await store.slackPosts.create({
      _id: input.key,
      orgId: input.orgId,
      ...(input.runId ? { runId: input.runId } : {}),
      state: 'sending',
      nonce: input.nonce,
      target: input.target,
      claimedAt: input.now,
    });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return (await findSlackPost(store, input.key))!;
}

/** Takes over a claim whose holder is gone (its nonce unchanged since it was read). */
export async function reclaimSlackPost(
  store: Store,
  input: { key: string; previousNonce: string; nonce: string; target: string; now: Date },
): Promise<boolean> {
  const taken = await store.slackPosts
    .updateOne(
      { _id: input.key, state: 'sending', nonce: input.previousNonce },
      { $set: { nonce: input.nonce, target: input.target, claimedAt: input.now } },
    )
    .exec();
  return taken.modifiedCount === 1;
}

/** Only the claim's holder posts, so the update needs no guard (an `_id`-only filter is indexed on every engine). */
export async function markSlackPostSent(
  store: Store,
  key: string,
  where: { channel: string; ts: string },
): Promise<void> {
  await store.slackPosts
    .updateOne({ _id: key }, { $set: { state: 'sent', channel: where.channel, ts: where.ts } })
    .exec();
}

/** Records that the message will not be posted (nobody to post to, or Slack refused it for good). */
export async function markSlackPostNotSent(
  store: Store,
  input: { key: string; orgId: string; runId: string | undefined; reason: string; now: Date; claimed: boolean },
): Promise<void> {
  // A claim exists only when a post was attempted; most "not sent" (nobody to post to) have none.
  if (input.claimed) {
    await store.slackPosts.updateOne({ _id: input.key }, { $set: { state: 'not_sent', reason: input.reason } }).exec();
    return;
  }
  try {
    await store.slackPosts.create({
      _id: input.key,
      orgId: input.orgId,
      ...(input.runId ? { runId: input.runId } : {}),
      state: 'not_sent',
      nonce: '-',
      claimedAt: input.now,
      reason: input.reason,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
}

function toPost(doc: SlackPostDoc): SlackPost {
  return {
    key: doc._id,
    state: doc.state,
    nonce: doc.nonce,
    target: doc.target ?? undefined,
    claimedAt: doc.claimedAt,
    channel: doc.channel ?? undefined,
    ts: doc.ts ?? undefined,
    reason: doc.reason ?? undefined,
  };
}
