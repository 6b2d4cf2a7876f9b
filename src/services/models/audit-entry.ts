import { Schema, type Connection } from 'mongoose';
import type { AuditSource } from '../domain.js';

export interface AuditActor {
  slackUserId: string | undefined;
  email: string | undefined;
  role: string;
}

/** One mutation, as it happened: who, what, on what, before and after, when, from where. */
export interface AuditEntryDoc {
  _id: string;
  orgId: string;
  at: Date;
  actor: AuditActor;
  action: string;
  targetType: string;
  targetId: string;
  /** Secondary keys (an email, a group id) so `/ub audit <email|group>` finds entries. */
  subjects: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: AuditSource;
  requestId: string | undefined;
  /** The approval request this entry belongs to (its creation, decision, or the change it carried out). */
  approvalRequestId?: string;
}

const auditEntrySchema = new Schema<AuditEntryDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    at: { type: Date, required: true },
    actor: {
      slackUserId: { type: String },
      email: { type: String },
      role: { type: String, required: true },
    },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, required: true },
    subjects: { type: [String], default: [] },
    before: { type: Schema.Types.Mixed, default: null },
    after: { type: Schema.Types.Mixed, default: null },
    source: { type: String, required: true },
    requestId: { type: String },
    approvalRequestId: { type: String },
  },
  { versionKey: false, minimize: false },
);
auditEntrySchema.index({ orgId: 1, at: -1 });
auditEntrySchema.index({ orgId: 1, subjects: 1, at: -1 });
auditEntrySchema.index({ orgId: 1, approvalRequestId: 1, at: 1 });

export function auditEntryModel(connection: Connection) {
  return connection.model<AuditEntryDoc>('AuditEntry', auditEntrySchema, 'audit_entries');
}
