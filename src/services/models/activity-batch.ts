import { Schema, type Connection } from 'mongoose';

/**
 * A batch of learning activity being applied (decision 051): written before its effects, removed
 * once its events are stored. One still here long after it started was cut off by a crash.
 */
export interface ActivityBatchDoc {
  _id: string;
  orgId: string;
  startedAt: Date;
}

const activityBatchSchema = new Schema<ActivityBatchDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    startedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function activityBatchModel(connection: Connection) {
  return connection.model<ActivityBatchDoc>('ActivityBatch', activityBatchSchema, 'activity_batches');
}
