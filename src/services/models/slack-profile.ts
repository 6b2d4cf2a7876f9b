import { Schema, type Connection } from 'mongoose';
import type { SlackProfile } from '../domain.js';

/**
 * What Slack told us about a workspace member (users.info), cached so that resolving the
 * actor of a command is one `_id` read. `_id` is `<orgId>:<slackUserId>`.
 */
export interface SlackProfileDoc extends SlackProfile {
  _id: string;
  orgId: string;
  fetchedAt: Date;
}

const slackProfileSchema = new Schema<SlackProfileDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    slackUserId: { type: String, required: true },
    email: { type: String },
    realName: { type: String },
    tz: { type: String },
    deleted: { type: Boolean, default: false },
    isBot: { type: Boolean, default: false },
    fetchedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
slackProfileSchema.index({ orgId: 1, email: 1 });

export function slackProfileModel(connection: Connection) {
  return connection.model<SlackProfileDoc>('SlackProfile', slackProfileSchema, 'slack_profiles');
}
