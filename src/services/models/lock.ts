import { Schema, type Connection } from 'mongoose';

/**
 * A short-lived mutual-exclusion lock, held by whoever inserted it (see services/locks.ts). The
 * insert of a unique `_id` is atomic on every engine ub runs on, FerretDB included.
 */
export interface LockDoc {
  _id: string;
  token: string;
  /** After this the holder is presumed dead and the lock may be broken. */
  until: Date;
}

const lockSchema = new Schema<LockDoc>(
  {
    _id: { type: String, required: true },
    token: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);

export function lockModel(connection: Connection) {
  return connection.model<LockDoc>('Lock', lockSchema, 'locks');
}
