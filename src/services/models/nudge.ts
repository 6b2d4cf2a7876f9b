import { Schema, type Connection } from 'mongoose';

/**
 * One nudge of one person at one funnel step in one week: `_id` `<orgId>:nudge:<email>:<step>:<week>`
 * (UTC ISO week), inserted when a nudge run applies the person, so nobody is nudged twice for a step
 * in a week, whichever run or button asks (docs/decisions/026-nudges.md). `batch` is the run's page
 * that claimed it, so the same page applied again after a crash recognizes its own claim.
 */
export interface NudgeDoc {
  _id: string;
  orgId: string;
  batch: string;
  at: Date;
}

const nudgeSchema = new Schema<NudgeDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    batch: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);

/** An organization's automatic invitation reminder (Udemy Business: one, 48 hours after an invitation). */
export interface NudgeSettingsDoc {
  _id: string;
  reminderEnabled: boolean;
  reminderDelayHours: number;
  /** Invitations sent before this were already past their reminder when it was last looked at. */
  remindedUpTo: Date | undefined;
}

const nudgeSettingsSchema = new Schema<NudgeSettingsDoc>(
  {
    _id: { type: String, required: true },
    reminderEnabled: { type: Boolean, required: true },
    reminderDelayHours: { type: Number, required: true },
    remindedUpTo: { type: Date },
  },
  { versionKey: false },
);

export function nudgeModel(connection: Connection) {
  return connection.model<NudgeDoc>('Nudge', nudgeSchema, 'nudges');
}

export function nudgeSettingsModel(connection: Connection) {
  return connection.model<NudgeSettingsDoc>('NudgeSettings', nudgeSettingsSchema, 'nudge_settings');
}
