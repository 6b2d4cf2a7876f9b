import { Schema, type Connection } from 'mongoose';

/**
 * The funnel of one scope (the organization, or one group) as it stood in one week, kept for
 * the digests' "since last week" and their 8-week trend. `_id` is `<orgId>:<scope>:<week>` (week
 * `2026-W49`, UTC), so the trend is eight `_id` reads per scope.
 */
export interface FunnelWeekDoc {
  _id: string;
  orgId: string;
  licenses: number;
  invited: number;
  joined: number;
  enrolled: number;
  started: number;
  at: Date;
}

const funnelWeekSchema = new Schema<FunnelWeekDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    licenses: { type: Number, required: true },
    invited: { type: Number, required: true },
    joined: { type: Number, required: true },
    enrolled: { type: Number, required: true },
    started: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

export function funnelWeekModel(connection: Connection) {
  return connection.model<FunnelWeekDoc>('FunnelWeek', funnelWeekSchema, 'funnel_weeks');
}
