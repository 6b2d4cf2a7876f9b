import { Schema, type Connection } from 'mongoose';

/**
 * A weekly digest subscription (docs/decisions/024-digest-subscriptions.md). Its `_id` is made
 * from where it goes and which groups it covers (`<orgId>:digest:<destination>:<groups>`), so
 * subscribing the same thing twice changes its schedule instead of adding a second digest.
 */
export interface DigestSubscriptionDoc {
  _id: string;
  orgId: string;
  /** A user id (the digest is their DM) or a channel id. */
  destination: string;
  destinationKind: 'dm' | 'channel';
  /** Whose rights the digest is read with, and who hears about its failures. */
  owner: { slackUserId: string; email: string };
  /** Who made it (an admin may subscribe someone else). */
  createdBy: { slackUserId: string; email: string | undefined };
  /** Empty: the whole organization (admins only). */
  groupIds: string[];
  day: string;
  time: string;
  /** The owner's Slack time zone, refreshed from users.info before each digest. */
  timeZone: string;
  status: 'active' | 'paused';
  pausedReason: string | undefined;
  /** When the next weekly digest is due (a UTC instant computed in `timeZone`). */
  nextRunAt: Date;
  /** Not before then: a failed attempt's backoff. */
  retryAt: Date | undefined;
  /** Attempts this week so far; each has its own post key, a new one only once the last was refused for good. */
  attempt: number;
  /** Refusals in a row (channel archived, bot removed, person gone); pauses the subscription at the limit. */
  failures: number;
  lastError: string | undefined;
  /** The last week (`2026-W49`) whose digest went out, and when. */
  lastWeek: string | undefined;
  lastPostedAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const person = { _id: false, slackUserId: { type: String, required: true }, email: { type: String } };

const digestSubscriptionSchema = new Schema<DigestSubscriptionDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    destination: { type: String, required: true },
    destinationKind: { type: String, required: true, enum: ['dm', 'channel'] },
    owner: { type: person, required: true },
    createdBy: { type: person, required: true },
    groupIds: { type: [String], default: [] },
    day: { type: String, required: true },
    time: { type: String, required: true },
    timeZone: { type: String, required: true },
    status: { type: String, required: true, enum: ['active', 'paused'] },
    pausedReason: { type: String },
    nextRunAt: { type: Date, required: true },
    retryAt: { type: Date },
    attempt: { type: Number, default: 0 },
    failures: { type: Number, default: 0 },
    lastError: { type: String },
    lastWeek: { type: String },
    lastPostedAt: { type: Date },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
// The due scan of the digest job, and a person's own list.
digestSubscriptionSchema.index({ status: 1, nextRunAt: 1 });
digestSubscriptionSchema.index({ orgId: 1, 'owner.slackUserId': 1 });

export function digestSubscriptionModel(connection: Connection) {
  return connection.model<DigestSubscriptionDoc>(
    'DigestSubscription',
    digestSubscriptionSchema,
    'digest_subscriptions',
  );
}
