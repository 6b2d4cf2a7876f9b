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
  /**
   * Seat moves of bulk work that is under way, by token (`<batch>:take`, `<batch>:return`), each set
   * in the same guarded update that moves the counters: a batch resumed after a crash sees whether
   * its move happened (and how many seats, for which addresses) instead of moving them twice. A
   * batch's tokens are dropped once its outcomes are recorded (seats-repository.ts).
   */
  seatMoves: Record<string, SeatMove> | undefined;
  /** When the seat counters were last recounted from the people holding licenses, and what was found. */
  seatsVerifiedAt: Date | undefined;
  seatsVerification: { seatsDrift: number; proSeatsDrift: number; repaired: boolean } | undefined;
  /** Pending invitations, moved with `$inc` (services/invitations/invitation-repository.ts). */
  pendingInvitations: number;
  /**
   * The adoption funnel's member steps (decision 021): active members, those of them enrolled in a
   * course, those of them who watched a first lecture; moved with `$inc` by whoever moves a person
   * across a step. The invited step is `pendingInvitations` + `funnel.joined`.
   */
  funnel: FunnelCounters | undefined;
  /** When an admin first set the license count; until then `/ub license` says it is not set. */
  seatsSetAt: Date | undefined;
  /** Where requests go when no group admin can approve them (`/ub approvals channel`); DMs to admins when unset. */
  approvalsChannel: string | undefined;
  /** Days a request waits for a decision before it expires (7 unless set). */
  approvalsExpiryDays: number | undefined;
  /** Hours a group-level request waits before it also goes to the org admins (48 unless set). */
  approvalsEscalateHours: number | undefined;
  /** Kinds of request that need two approvals, from two different approvers (`/ub approvals policy`). */
  approvalsTwoFor: string[] | undefined;
  /** Groups anyone may join by asking (auto-approved), by id. */
  approvalsOpenGroups: string[] | undefined;
  /** Email domains whose people get a seat by asking (`/ub request access`), while seats remain. */
  approvalsAccessDomains: string[] | undefined;
  /**
   * Pro licenses with no learning activity for this many days are reclaimed, after a warning and
   * `approvalsReclaimGraceDays` of grace (decision 042); unset: never.
   */
  approvalsReclaimProDays: number | undefined;
  approvalsReclaimGraceDays: number | undefined;
  /** Whoever serves the waitlist holds it until then: one server at a time keeps the line's order (decision 043). */
  waitlistLeaseUntil: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
}

/** Cumulative counts of active members at each member step of the adoption funnel. */
export interface FunnelCounters {
  joined: number;
  enrolled: number;
  started: number;
}

export const funnelCountersSchema = {
  joined: { type: Number, default: 0 },
  enrolled: { type: Number, default: 0 },
  started: { type: Number, default: 0 },
};

export interface SeatMove {
  /** Seats taken (or, for a return, given back). */
  n: number;
  pro: boolean;
  at: Date;
  /** For a take: the addresses the seats are for, in order. */
  emails?: string[];
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
    seatMoves: { type: Schema.Types.Mixed },
    seatsVerifiedAt: { type: Date },
    seatsVerification: { type: Schema.Types.Mixed },
    pendingInvitations: { type: Number, default: 0 },
    seatsSetAt: { type: Date },
    funnel: { type: funnelCountersSchema, _id: false, default: () => ({}) },
    approvalsChannel: { type: String },
    approvalsExpiryDays: { type: Number },
    approvalsEscalateHours: { type: Number },
    approvalsTwoFor: { type: [String], default: undefined },
    approvalsOpenGroups: { type: [String], default: undefined },
    approvalsAccessDomains: { type: [String], default: undefined },
    approvalsReclaimProDays: { type: Number },
    approvalsReclaimGraceDays: { type: Number },
    waitlistLeaseUntil: { type: Date },
  },
  { timestamps: true, versionKey: false },
);

export function organizationModel(connection: Connection) {
  return connection.model<OrganizationDoc>('Organization', organizationSchema, 'organizations');
}
