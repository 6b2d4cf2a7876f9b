import { Schema, type Connection } from 'mongoose';

/**
 * One sorted set of string keys (people's emails, group name keys) that every engine reads by
 * `_id` only: its directory document, `_id` `<orgId>:<set name>`. Recently added keys sit in
 * `inline` (unsorted, a few dozen at most); the rest live in chunk documents, each covering the
 * keys from its `low` up to the next chunk's. See services/search/key-set.ts and decision 018.
 */
export interface KeySetDoc {
  _id: string;
  orgId: string;
  inline: string[];
  /** Chunk id → the lowest key the chunk covers ('' for the first one). */
  chunks: Record<string, string>;
}

/** A chunk of a set: `_id` `<set id>#<chunk id>`, up to a few hundred keys, unsorted. */
export interface KeySetChunkDoc {
  _id: string;
  orgId: string;
  keys: string[];
}

/** How far the structure of an organization has been built (an upgrade builds it in a job). */
export interface SearchIndexStateDoc {
  _id: string;
  /** `ready`: every member and group is in the sets, so searches may use them. */
  members: 'building' | 'ready';
  groups: 'building' | 'ready';
  /**
   * `ready`: the adoption-funnel sets (`fs:<step>`, decision 021) are complete too. Missing in
   * organizations whose sets were built before those sets existed: the build job adds them.
   */
  funnelSteps?: 'building' | 'ready';
  /** The last member set the build has written (a new run resumes after it). */
  setsAfter: string | undefined;
  updatedAt: Date;
}

const keySetSchema = new Schema<KeySetDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    inline: { type: [String], default: [] },
    chunks: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false, minimize: false },
);

const keySetChunkSchema = new Schema<KeySetChunkDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    keys: { type: [String], default: [] },
  },
  { versionKey: false },
);

const searchIndexStateSchema = new Schema<SearchIndexStateDoc>(
  {
    _id: { type: String, required: true },
    members: { type: String, required: true, enum: ['building', 'ready'] },
    groups: { type: String, required: true, enum: ['building', 'ready'] },
    funnelSteps: { type: String, enum: ['building', 'ready'] },
    setsAfter: { type: String },
  },
  { versionKey: false, timestamps: { createdAt: false, updatedAt: true } },
);

export function keySetModel(connection: Connection) {
  return connection.model<KeySetDoc>('KeySet', keySetSchema, 'key_sets');
}

export function keySetChunkModel(connection: Connection) {
  return connection.model<KeySetChunkDoc>('KeySetChunk', keySetChunkSchema, 'key_set_chunks');
}

export function searchIndexStateModel(connection: Connection) {
  return connection.model<SearchIndexStateDoc>('SearchIndexState', searchIndexStateSchema, 'search_index_states');
}
