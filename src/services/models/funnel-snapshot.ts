import { Schema, type Connection } from 'mongoose';

/** One week's figures of a scope: a snapshot's own, and those it carries of the weeks before. */
export interface SnapshotWeek {
  week: Date;
  licenses: number;
  invited: number;
  joined: number;
  enrolled: number;
  started: number;
}

/**
 * The funnel of an organization (`scope` 'org') or a group (`scope` its id) as it stood when a week
 * began (Monday 00:00 UTC). `_id` `<orgId>:<scope>:<yyyy-mm-dd of the Monday>`: written once per week
 * (insert-once), read by `_id` for "since last week" and the trend.
 */
export interface FunnelSnapshotDoc extends SnapshotWeek {
  _id: string;
  orgId: string;
  scope: string;
  takenAt: Date;
  /**
   * The scope's snapshots of the weeks before (at most RECENT_WEEKS, oldest first), copied forward
   * when this one is written, so a digest's trend is this one document (decision 047). Absent in
   * snapshots written before it existed: readers then read those weeks one by one.
   */
  recent?: SnapshotWeek[] | undefined;
}

const weekFields = {
  week: { type: Date, required: true },
  licenses: { type: Number, required: true },
  invited: { type: Number, required: true },
  joined: { type: Number, required: true },
  enrolled: { type: Number, required: true },
  started: { type: Number, required: true },
};

const funnelSnapshotSchema = new Schema<FunnelSnapshotDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    scope: { type: String, required: true },
    ...weekFields,
    takenAt: { type: Date, required: true },
    recent: { type: [{ _id: false, ...weekFields }], default: undefined },
  },
  { versionKey: false },
);

export function funnelSnapshotModel(connection: Connection) {
  return connection.model<FunnelSnapshotDoc>('FunnelSnapshot', funnelSnapshotSchema, 'funnel_snapshots');
}
