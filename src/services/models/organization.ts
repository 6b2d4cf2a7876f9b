import { Schema, type Connection } from 'mongoose';

/** One Slack workspace (team) is one organization; its `_id` is the team id. */
export interface OrganizationDoc {
  _id: string;
  name: string | undefined;
  /** Slack user IDs made admins on first contact, until each has an org user of their own. */
  bootstrapAdmins: string[];
  /** Slack user IDs that got the first-run welcome DM: each gets it once (see claimWelcome). */
  welcomed: string[];
  /**
   * Licenses. `seatsFree` moves with `$inc` in the same update that takes or frees a seat, guarded
   * by `seatsFree: { $gt: 0 }`, so two admins inviting at once cannot take the last seat twice.
   * Seats in use = seats - seatsFree (active users + pending invitations). Same for Pro.
   */
  seats: number;
  seatsFree: number;
  proSeats: number;
  proSeatsFree: number;
  /** Pending invitations, moved with `$inc` (services/invitations/invitation-repository.ts). */
  pendingInvitations: number;
  /** When an admin first set the license count; until then `/ub license` says it is not set. */
  seatsSetAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const organizationSchema = new Schema<OrganizationDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String },
    bootstrapAdmins: { type: [String], default: [] },
    welcomed: { type: [String], default: [] },
    seats: { type: Number, default: 0 },
    seatsFree: { type: Number, default: 0 },
    proSeats: { type: Number, default: 0 },
    proSeatsFree: { type: Number, default: 0 },
    pendingInvitations: { type: Number, default: 0 },
    seatsSetAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

export function organizationModel(connection: Connection) {
  return connection.model<OrganizationDoc>('Organization', organizationSchema, 'organizations');
}
