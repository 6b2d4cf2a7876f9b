import { Schema, type Connection } from 'mongoose';
import type { GroupAdminPermission, LicenseType, Role, UserStatus } from '../domain.js';

/**
 * A member of the organization who has joined (pending invitees live in invitations).
 * `_id` is personKey(orgId, email) so the hottest lookup is an `_id` read on every engine.
 */
export interface UserDoc {
  _id: string;
  orgId: string;
  email: string;
  firstName: string;
  surname: string;
  role: Role;
  status: UserStatus;
  licenseType: LicenseType;
  groupIds: string[];
  managedGroups: Array<{ groupId: string; permissions: GroupAdminPermission[] }>;
  externalId: string | undefined;
  lmsUserId: string | undefined;
  slackUserId: string | undefined;
  invitedAt: Date | undefined;
  joinedAt: Date | undefined;
  deactivatedAt: Date | undefined;
  /** Email of whoever deactivated them, so a second admin hears who got there first. */
  deactivatedBy: string | undefined;
  /** Group-admin assignments that deactivation ended, restored by reactivation (groups that still exist). */
  managedGroupsAtDeactivation: Array<{ groupId: string; permissions: GroupAdminPermission[] }>;
  firstEnrollmentAt: Date | undefined;
  firstLectureAt: Date | undefined;
  lastActivityAt: Date | undefined;
  /** When they last got a Pro license (absent for licenses given before it was recorded): the reclaim policy counts idle days from it. */
  proSince: Date | undefined;
  /**
   * The last membership change of each group (by group id): the bulk item that made it, written in
   * the same update, so a resumed group add/remove recognizes its own change.
   */
  membershipChanges: Record<string, string> | undefined;
  /** Bumped by every change; updates guard on it so two admins never overwrite each other. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    firstName: { type: String, default: '' },
    surname: { type: String, default: '' },
    role: { type: String, required: true, enum: ['admin', 'group_admin', 'user'] },
    status: { type: String, required: true, enum: ['active', 'deactivated'] },
    licenseType: { type: String, required: true, enum: ['standard', 'pro'], default: 'standard' },
    groupIds: { type: [String], default: [] },
    managedGroups: {
      type: [{ _id: false, groupId: { type: String, required: true }, permissions: { type: [String], default: [] } }],
      default: [],
    },
    externalId: { type: String },
    lmsUserId: { type: String },
    slackUserId: { type: String },
    invitedAt: { type: Date },
    joinedAt: { type: Date },
    deactivatedAt: { type: Date },
    deactivatedBy: { type: String },
    managedGroupsAtDeactivation: {
      type: [{ _id: false, groupId: { type: String, required: true }, permissions: { type: [String], default: [] } }],
      default: [],
    },
    firstEnrollmentAt: { type: Date },
    firstLectureAt: { type: Date },
    lastActivityAt: { type: Date },
    proSince: { type: Date },
    membershipChanges: { type: Schema.Types.Mixed },
    version: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
// Searches read the search sets by `_id` (decision 018); these serve the scans that remain on MongoDB:
// the build of the sets and searches while it runs ({ orgId, _id }), counts and lists by field.
userSchema.index({ orgId: 1, _id: 1 });
userSchema.index({ orgId: 1, status: 1, _id: 1 });
userSchema.index({ orgId: 1, groupIds: 1, _id: 1 });
userSchema.index({ orgId: 1, 'managedGroups.groupId': 1 });
userSchema.index({ orgId: 1, role: 1 });
userSchema.index({ orgId: 1, slackUserId: 1 });
// Active people in a period (`/ub activity`), and deactivated ones since its start (its denominator).
userSchema.index({ orgId: 1, lastActivityAt: 1 });
userSchema.index({ orgId: 1, status: 1, deactivatedAt: 1 });
// Who joined in a period (the weekly digest's highlights).
userSchema.index({ orgId: 1, status: 1, joinedAt: 1 });

export function userModel(connection: Connection) {
  return connection.model<UserDoc>('User', userSchema, 'users');
}
