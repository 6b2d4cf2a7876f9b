import { Schema, type Connection } from 'mongoose';

/** An Events API delivery already taken, so Slack's retries of it have no second effect. */
export interface SlackEventDoc {
  _id: string;
  receivedAt: Date;
}

const slackEventSchema = new Schema<SlackEventDoc>(
  { _id: { type: String, required: true }, receivedAt: { type: Date, required: true } },
  { versionKey: false },
);
slackEventSchema.index({ receivedAt: 1 });

export function slackEventModel(connection: Connection) {
  return connection.model<SlackEventDoc>('SlackEvent', slackEventSchema, 'slack_events');
}
