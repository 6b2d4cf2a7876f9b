import { Schema, type Connection } from 'mongoose';
import type { InvitationLanguage, InvitationStatus, LicenseType, Role } from '../domain.js';

/**
 * An invitation to join. `_id` is personKey(orgId, email): there is at most one per email,
 * so "already pending" is an `_id` read and two admins inviting the same address at once
 * cannot create two. A cancelled or accepted one is reused by the next invitation.
 */
export interface InvitationDoc {
  _id: string;
  orgId: string;
  email: string;
  status: InvitationStatus;
  role: Role;
  licenseType: LicenseType;
  groupIds: string[];
  message: string | undefined;
  /** The language the invitation is written in (INVITATION_LANGUAGES). */
  language: InvitationLanguage;
  invitedBy: string | undefined;
  /** Slack user the invitation DM went to, when the invitee is in the workspace. */
  slackUserId: string | undefined;
  sendCount: number;
  firstSentAt: Date;
  lastSentAt: Date;
  acceptedAt: Date | undefined;
  cancelledAt: Date | undefined;
  /**
   * The bulk batch (and item) whose write created or reused this invitation: a batch resumed after
   * a crash recognizes its own write by it and reports the address as invited, not as "already invited".
   */
  batch: { id: string; run: string; index: number; reused: boolean } | undefined;
  /** The last resend item that counted a send here, so a resumed resend does not count it twice. */
  lastSend: string | undefined;
  /**
   * The last group change of each group while pending (by group id): the `/ub group add|remove`
   * item that made it, written in the same update, so a resumed batch recognizes its own change.
   */
  groupChanges: Record<string, string> | undefined;
  /** Where the last invitation DM landed: a resend updates it in place so only one Accept stays live. */
  dm: { channel: string; ts: string } | undefined;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const invitationSchema = new Schema<InvitationDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'accepted', 'cancelled'] },
    role: { type: String, required: true, enum: ['admin', 'group_admin', 'user'], default: 'user' },
    licenseType: { type: String, required: true, enum: ['standard', 'pro'], default: 'standard' },
    groupIds: { type: [String], default: [] },
    message: { type: String },
    language: { type: String, default: 'en' },
    invitedBy: { type: String },
    slackUserId: { type: String },
    sendCount: { type: Number, default: 1 },
    firstSentAt: { type: Date, required: true },
    lastSentAt: { type: Date, required: true },
    acceptedAt: { type: Date },
    cancelledAt: { type: Date },
    batch: { type: Schema.Types.Mixed },
    lastSend: { type: String },
    groupChanges: { type: Schema.Types.Mixed },
    dm: { type: Schema.Types.Mixed },
    version: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
invitationSchema.index({ orgId: 1, status: 1, _id: 1 });
invitationSchema.index({ orgId: 1, groupIds: 1, status: 1 });
invitationSchema.index({ orgId: 1, status: 1, firstSentAt: 1 });

export function invitationModel(connection: Connection) {
  return connection.model<InvitationDoc>('Invitation', invitationSchema, 'invitations');
}
