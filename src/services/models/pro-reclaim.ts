import { Schema, type Connection } from 'mongoose';

/** Where one person's Pro license stands under the reclaim policy (decision 042). */
export type ProReclaimState = 'warned' | 'reclaiming' | 'reclaimed' | 'kept' | 'cleared';

/**
 * One person's Pro license under the "no learning activity for N days" policy: `_id` is
 * `<orgId>:<email>`, one document per person, reused cycle after cycle (`cycle` counts the
 * warnings, and keys the DMs and audit entries of each). Every move between states is one guarded
 * update on `_id` and `state`, so two runs of the job, or a run and a click on "I still need it",
 * move it once.
 */
export interface ProReclaimDoc {
  _id: string;
  orgId: string;
  email: string;
  slackUserId: string | undefined;
  state: ProReclaimState;
  cycle: number;
  /** The person's last learning activity when warned (absent: none ever recorded). */
  lastActivityAt: Date | undefined;
  warnedAt: Date;
  /** Set once the warning went out (or could not): the reclaim is due then. */
  reclaimAt: Date | undefined;
  /** When a runner took the reclaim on: another takes it over after the job lock lifetime. */
  claimedAt: Date | undefined;
  /** Kept ("I still need it"): not warned again before this. */
  keptUntil: Date | undefined;
  closedAt: Date | undefined;
  /** Reclaimed: when the person was told (a DM a stopped runner left claimed is retried until then). */
  toldAt: Date | undefined;
  /** Where the warning landed, updated in place when it is answered or the license goes. */
  dm: { channel: string; ts: string } | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const proReclaimSchema = new Schema<ProReclaimDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    email: { type: String, required: true },
    slackUserId: { type: String },
    state: { type: String, required: true },
    cycle: { type: Number, required: true },
    lastActivityAt: { type: Date },
    warnedAt: { type: Date, required: true },
    reclaimAt: { type: Date },
    claimedAt: { type: Date },
    keptUntil: { type: Date },
    closedAt: { type: Date },
    toldAt: { type: Date },
    dm: { type: { _id: false, channel: String, ts: String }, default: undefined },
  },
  { timestamps: true, versionKey: false },
);
// What the job asks: warnings still to send, reclaims due, reclaims a stopped runner left.
proReclaimSchema.index({ state: 1, reclaimAt: 1 });
proReclaimSchema.index({ state: 1, claimedAt: 1 });
proReclaimSchema.index({ state: 1, toldAt: 1 });

export function proReclaimModel(connection: Connection) {
  return connection.model<ProReclaimDoc>('ProReclaim', proReclaimSchema, 'pro_reclaims');
}
