import { Schema, type Connection } from 'mongoose';

/**
 * A Slack message ub must post exactly once (an invitation DM of a bulk run, a run's progress
 * message). The `_id` names the message; inserting it claims the post, and the `nonce` travels in
 * the message's metadata so that a runner resuming after a crash can ask Slack whether the post
 * happened (src/jobs/kit/post-once.ts, docs/decisions/016-durable-bulk-runs.md).
 */
export interface SlackPostDoc {
  _id: string;
  orgId: string;
  /** The run it belongs to, for cleaning up. */
  runId: string | undefined;
  state: 'sending' | 'sent' | 'not_sent';
  nonce: string;
  /** The user or channel posted to; set before the post, so a resumed runner knows where to look. */
  target: string | undefined;
  claimedAt: Date;
  channel: string | undefined;
  ts: string | undefined;
  /** Why it was not sent (not in this Slack workspace, a Slack refusal). */
  reason: string | undefined;
}

const slackPostSchema = new Schema<SlackPostDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    runId: { type: String },
    state: { type: String, required: true },
    nonce: { type: String, required: true },
    target: { type: String },
    claimedAt: { type: Date, required: true },
    channel: { type: String },
    ts: { type: String },
    reason: { type: String },
  },
  { versionKey: false },
);
slackPostSchema.index({ runId: 1, claimedAt: 1 });

export function slackPostModel(connection: Connection) {
  return connection.model<SlackPostDoc>('SlackPost', slackPostSchema, 'slack_posts');
}
