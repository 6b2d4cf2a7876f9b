import { Schema, type Connection } from 'mongoose';
import { funnelCountersSchema, type FunnelCounters } from './organization.js';

/**
 * A group. Its `_id` is stable (`<orgId>:g:<random>`) so renaming never touches memberships;
 * the name → id lookup is a separate `_id` read in group_names (`<orgId>:<name lower-cased>`),
 * whose unique `_id` also makes names unique per organization, case-insensitively.
 */
export interface GroupDoc {
  _id: string;
  orgId: string;
  name: string;
  /** Kept with `$inc` as members are added and removed, so listing groups never counts documents. */
  memberCount: number;
  /** Member-count moves of batches under way, by batch token, set in the same update as the `$inc`. */
  countMoves: Record<string, number> | undefined;
  /** Pending invitations into the group, moved with `$inc` (services/invitations/invitation-repository.ts). */
  inviteeCount: number;
  /** The group's adoption funnel (members' steps), moved with `$inc` like the organization's (decision 021). */
  funnel: FunnelCounters | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const groupSchema = new Schema<GroupDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    name: { type: String, required: true },
    memberCount: { type: Number, default: 0 },
    countMoves: { type: Schema.Types.Mixed },
    inviteeCount: { type: Number, default: 0 },
    funnel: { type: funnelCountersSchema, _id: false, default: () => ({}) },
  },
  { timestamps: true, versionKey: false },
);
groupSchema.index({ orgId: 1, name: 1 });

export interface GroupNameDoc {
  _id: string;
  orgId: string;
  groupId: string;
}

const groupNameSchema = new Schema<GroupNameDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    groupId: { type: String, required: true },
  },
  { versionKey: false },
);

export function groupModel(connection: Connection) {
  return connection.model<GroupDoc>('Group', groupSchema, 'groups');
}

export function groupNameModel(connection: Connection) {
  return connection.model<GroupNameDoc>('GroupName', groupNameSchema, 'group_names');
}

/** Case-insensitive but space-sensitive, as Udemy Business matches group names. */
export function groupNameKey(orgId: string, name: string): string {
  return `${orgId}:${name.toLowerCase()}`;
}
