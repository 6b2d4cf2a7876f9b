import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { KnownBlock } from '@slack/types';
import { ErrorCode, type WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import {
  claimSlackPost,
  findSlackPost,
  markSlackPostNotSent,
  markSlackPostSent,
  reclaimSlackPost,
  type SlackPost,
} from '../../services/bulk-runs/slack-post-repository.js';
import type { Store } from '../../services/store.js';

/** Who posts, and where the record of each post lives. */
export interface PostEnv {
  store: Store;
  client: WebClient;
  orgId: string;
  /** The bulk run the posts belong to (their records are deleted with it). */
  runId: string | undefined;
  /** This process's runner name: its own unfinished claims are checked at once, not after the lease. */
  runner: string;
  /** How long another runner's claim is respected before it is presumed dead (the job lock lifetime). */
  leaseMs: number;
  log: Logger;
}

/**
 * Where a request (not a bulk run) posts from: its own client, no run, a fresh runner name, and
 * the job lock lifetime as the lease of another runner's claim.
 */
export function requestPostEnv(
  request: { client: WebClient; deps: { store: Store; jobLockLifetimeMs: number; log: Logger } },
  orgId: string,
): PostEnv {
  return {
    store: request.deps.store,
    client: request.client,
    orgId,
    runId: undefined,
    runner: runnerName(),
    leaseMs: request.deps.jobLockLifetimeMs,
    log: request.deps.log,
  };
}

export type PostOutcome =
  /** `fresh` when this call posted it (rather than finding it posted). */
  | { state: 'sent'; channel: string; ts: string; fresh?: boolean }
  | { state: 'not_sent'; reason: string }
  /** Another live runner holds the claim right now. */
  | { state: 'busy' };

/** The metadata type ub stamps on messages it must post once; its payload carries the claim's nonce. */
export const POST_METADATA_TYPE = 'ub_post';

/** A name for this process's runner, unique across processes and restarts. */
export function runnerName(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * Posts a message at most once per `key`, and at least once unless Slack refuses it for good
 * (docs/decisions/016-durable-bulk-runs.md):
 * 1. the post is claimed by inserting its record (a unique `_id`), with a fresh nonce and the target;
 * 2. the message goes out with the nonce in its metadata;
 * 3. the record says where it landed.
 * A runner that finds a claim left by a dead runner (or by its own failed attempt) asks Slack:
 * conversations.history of the target's conversation since the claim, with metadata, shows whether
 * a message with that nonce exists. Only then is the post made again.
 */
export async function postOnce(
  env: PostEnv,
  key: string,
  target: string,
  message: { text: string; blocks?: KnownBlock[] },
): Promise<PostOutcome> {
  const nonce = `${env.runner}-${randomBytes(6).toString('hex')}`;
  const claim = await claimSlackPost(env.store, {
    key,
    orgId: env.orgId,
    runId: env.runId,
    nonce,
    target,
    now: new Date(),
  });
  if (claim !== true) {
    const settled = await settleExistingClaim(env, claim, nonce, target);
    if (settled) return settled;
  }
  let posted;
  try {
    posted = await env.client.chat.postMessage({
      channel: target,
      ...message,
      metadata: { event_type: POST_METADATA_TYPE, event_payload: { post: nonce } },
    });
  } catch (error) {
    return recordRefusal(env, key, error);
  }
  const where = { channel: posted.channel ?? target, ts: posted.ts ?? '' };
  await markSlackPostSent(env.store, key, where);
  return { state: 'sent', ...where, fresh: true };
}

/**
 * A post already settled (sent, or recorded as not sent), with whom it went to, for callers that
 * want to know before doing any work (a lookup); undefined when it is still to be made.
 */
export async function recordedPost(
  env: PostEnv,
  key: string,
): Promise<{ outcome: PostOutcome; target: string | undefined } | undefined> {
  const post = await findSlackPost(env.store, key);
  if (post?.state === 'sent')
    return { outcome: { state: 'sent', channel: post.channel ?? '', ts: post.ts ?? '' }, target: post.target };
  if (post?.state === 'not_sent')
    return { outcome: { state: 'not_sent', reason: post.reason ?? 'not sent' }, target: post.target };
  return undefined;
}

/** Records that nothing will be posted for `key` (nobody to post to), so a resumed run does not look again. */
export async function recordNotPosted(env: PostEnv, key: string, reason: string): Promise<PostOutcome> {
  await markSlackPostNotSent(env.store, {
    key,
    orgId: env.orgId,
    runId: env.runId,
    reason,
    now: new Date(),
    claimed: false,
  });
  return { state: 'not_sent', reason };
}

/**
 * An existing claim: its outcome when it is settled (or was posted after all), `busy` when a live
 * runner holds it, undefined when this caller has taken it over and must post.
 */
async function settleExistingClaim(
  env: PostEnv,
  claim: SlackPost,
  nonce: string,
  target: string,
): Promise<PostOutcome | undefined> {
  if (claim.state === 'sent') return { state: 'sent', channel: claim.channel ?? '', ts: claim.ts ?? '' };
  if (claim.state === 'not_sent') return { state: 'not_sent', reason: claim.reason ?? 'not sent' };
  const mine = claim.nonce.startsWith(`${env.runner}-`);
  if (!mine && Date.now() - claim.claimedAt.getTime() < env.leaseMs) return { state: 'busy' };
  if (claim.target) {
    const found = await findPostedMessage(env.client, claim.target, claim.nonce, claim.claimedAt);
    if (found) {
      await markSlackPostSent(env.store, claim.key, found);
      env.log.info('jobs: a post made before a crash was found in Slack, not posted again', { key: claim.key });
      return { state: 'sent', ...found };
    }
  }
  const taken = await reclaimSlackPost(env.store, {
    key: claim.key,
    previousNonce: claim.nonce,
    nonce,
    target,
    now: new Date(),
  });
  // Someone else took it over first: it is theirs now.
  return taken ? undefined : { state: 'busy' };
}

/**
 * The message with this nonce in its metadata, in the target's conversation since the claim. A
 * user id means ub's DM with that user, whose channel id conversations.open gives (im:write); its
 * history needs im:history (channels: channels:history, which ub does not post to here).
 */
async function findPostedMessage(
  client: WebClient,
  target: string,
  nonce: string,
  claimedAt: Date,
): Promise<{ channel: string; ts: string } | undefined> {
  let channel = target;
  if (/^[UW]/.test(target)) {
    const opened = await client.conversations.open({ users: target });
    if (!opened.channel?.id) return undefined;
    channel = opened.channel.id;
  }
  let cursor: string | undefined;
  // A minute of clock skew between us and Slack is plenty; the claim is never older than the post.
  const oldest = String(Math.floor(claimedAt.getTime() / 1000) - 60);
  for (let page = 0; page < 10; page += 1) {
    const history = await client.conversations.history({
      channel,
      oldest,
      limit: 100,
      include_all_metadata: true,
      ...(cursor ? { cursor } : {}),
    });
    for (const message of history.messages ?? []) {
      const metadata = message.metadata as { event_type?: string; event_payload?: { post?: unknown } } | undefined;
      if (metadata?.event_type === POST_METADATA_TYPE && metadata.event_payload?.post === nonce && message.ts)
        return { channel, ts: message.ts };
    }
    cursor = history.response_metadata?.next_cursor || undefined;
    if (!history.has_more || !cursor) return undefined;
  }
  return undefined;
}

/**
 * A claimed post (or upload) that Slack failed: recorded as not sent when Slack refused it for
 * good; rethrown when trying again may work (the claim stays, for the next attempt to take over).
 */
export async function recordRefusal(env: PostEnv, key: string, error: unknown): Promise<PostOutcome> {
  const refusal = permanentRefusal(error);
  if (!refusal) throw error;
  await markSlackPostNotSent(env.store, {
    key,
    orgId: env.orgId,
    runId: env.runId,
    reason: refusal,
    now: new Date(),
    claimed: true,
  });
  return { state: 'not_sent', reason: refusal };
}

/** Slack errors that will not go away by trying again: the message is recorded as not sent. */
const TRANSIENT_ERRORS = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
  'team_added_to_org',
]);

/** The reason to record when Slack refused the post for good; undefined when trying again may work. */
export function permanentRefusal(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== ErrorCode.PlatformError) return undefined;
  const slackError = (error as { data?: { error?: unknown } }).data?.error;
  if (typeof slackError !== 'string' || TRANSIENT_ERRORS.has(slackError)) return undefined;
  return `Slack refused the message (${slackError})`;
}
