import { Schema, type Connection } from 'mongoose';

/** A course's figures over the highlights' period, for one scope. */
export interface HighlightCourse {
  courseId: string;
  title: string;
  active: number;
  enrolled: number;
  completed: number;
}

/** Someone who joined in the highlights' period. */
export interface HighlightJoiner {
  email: string;
  name: string;
  joinedAt: Date;
}

/**
 * What a weekly digest shows beyond the funnel, for one scope (the organization, `scope` 'org',
 * or a group, `scope` its id), counted once per organization and period by the database and read
 * by `_id` (`<orgId>:<scope>`) by every digest of that scope. The organization's document is
 * written last: its `computedAt` says which computation is complete (a group's document from an
 * older one is read as empty: that group had nothing in the newer one).
 */
export interface DigestHighlightsDoc {
  _id: string;
  orgId: string;
  scope: string;
  computedAt: Date;
  /** The period's start (its end is `computedAt`). */
  since: Date;
  /** The most active courses of the scope, most active first. */
  courses: HighlightCourse[];
  /** How many joined in the period, and the first of them. */
  joinedCount: number;
  joined: HighlightJoiner[];
  /**
   * The first pending invitations of the scope at the count, by email (decision 047): the
   * candidates of the digest's "not joined yet" list, each checked by `_id` when read. Absent in
   * documents counted before it existed.
   */
  pending?: string[] | undefined;
}

const digestHighlightsSchema = new Schema<DigestHighlightsDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    scope: { type: String, required: true },
    computedAt: { type: Date, required: true },
    since: { type: Date, required: true },
    courses: {
      type: [
        {
          _id: false,
          courseId: { type: String, required: true },
          title: { type: String, required: true },
          active: { type: Number, required: true },
          enrolled: { type: Number, required: true },
          completed: { type: Number, required: true },
        },
      ],
      default: [],
    },
    joinedCount: { type: Number, required: true },
    joined: {
      type: [
        {
          _id: false,
          email: { type: String, required: true },
          name: { type: String, required: true },
          joinedAt: { type: Date, required: true },
        },
      ],
      default: [],
    },
    pending: { type: [String], default: undefined },
  },
  { versionKey: false },
);

export function digestHighlightsModel(connection: Connection) {
  return connection.model<DigestHighlightsDoc>('DigestHighlights', digestHighlightsSchema, 'digest_highlights');
}
