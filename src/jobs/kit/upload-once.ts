import { randomBytes } from 'node:crypto';
import { claimSlackPost, markSlackPostSent, reclaimSlackPost } from '../../services/bulk-runs/slack-post-repository.js';
import { recordRefusal, type PostEnv, type PostOutcome } from './post-once.js';

export interface FileToUpload {
  filename: string;
  title: string;
  bytes: Buffer;
  /** The message that goes with the file in the DM. */
  comment: string;
}

/**
 * Uploads a file into the DM with `userId` at most once per `key` (files.getUploadURLExternal, the
 * bytes, files.completeUploadExternal: what files.uploadV2 does), recorded like postOnce's posts.
 * Unlike a message, a file share carries no metadata to look for after a crash, so a claim left
 * by a dead runner (older than the lease) is uploaded again: a crash in the instant between
 * Slack's answer and the record can give a second copy (docs/decisions/027-csv-exports.md).
 */
export async function uploadOnce(env: PostEnv, key: string, userId: string, file: FileToUpload): Promise<PostOutcome> {
  const nonce = `${env.runner}-${randomBytes(6).toString('hex')}`;
  for (;;) {
    const claim = await claimSlackPost(env.store, {
      key,
      orgId: env.orgId,
      runId: env.runId,
      nonce,
      target: userId,
      now: new Date(),
    });
    if (claim === true) break;
    if (claim.state === 'sent') return { state: 'sent', channel: claim.channel ?? '', ts: claim.ts ?? '' };
    if (claim.state === 'not_sent') return { state: 'not_sent', reason: claim.reason ?? 'not sent' };
    const mine = claim.nonce.startsWith(`${env.runner}-`);
    if (mine || Date.now() - claim.claimedAt.getTime() >= env.leaseMs) {
      const taken = await reclaimSlackPost(env.store, {
        key,
        previousNonce: claim.nonce,
        nonce,
        target: userId,
        now: new Date(),
      });
      if (taken) break;
    }
    // A live runner is uploading it: wait for its record (or for its lease to run out).
    await new Promise((resolve) => setTimeout(resolve, Math.max(50, Math.floor(env.leaseMs / 4))));
  }
  try {
    const opened = await env.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open gave no channel');
    await env.client.files.uploadV2({
      channel_id: channel,
      file: file.bytes,
      filename: file.filename,
      title: file.title,
      initial_comment: file.comment,
    });
    await markSlackPostSent(env.store, key, { channel, ts: '' });
    return { state: 'sent', channel, ts: '', fresh: true };
  } catch (error) {
    return recordRefusal(env, key, error);
  }
}
