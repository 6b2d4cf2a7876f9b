import { Schema, type Connection } from 'mongoose';

/**
 * A signed request already accepted (its signature), or a Socket Mode envelope already taken
 * (`envelope:<id>`): the same bytes sent again are a replay and have no effect. Kept until the
 * request's timestamp is too old to pass the freshness check anyway.
 */
export interface RequestSignatureDoc {
  _id: string;
  /** Removed after this: by MongoDB's TTL monitor, and by the cleanup job on engines without one. */
  expiresAt: Date;
}

const requestSignatureSchema = new Schema<RequestSignatureDoc>(
  { _id: { type: String, required: true }, expiresAt: { type: Date, required: true } },
  // No TTL index declared here: store.ts creates it apart, because FerretDB refuses it and mongoose would fail.
  { versionKey: false },
);

export function requestSignatureModel(connection: Connection) {
  return connection.model<RequestSignatureDoc>('RequestSignature', requestSignatureSchema, 'request_signatures');
}
