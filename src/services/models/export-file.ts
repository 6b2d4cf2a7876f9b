import { Schema, type Connection } from 'mongoose';
import { EXPORT_REPORTS, type ExportFileKind, type ManagedGroup, type Role } from '../domain.js';

export type ExportStatus = 'queued' | 'writing' | 'ready' | 'delivered' | 'failed' | 'deleted';

/**
 * One CSV export: what was asked, by whom (as they were authorized when they asked), and where its
 * file is. The file itself is in GridFS (bucket `exports`, file `_id` = this `_id`). The record
 * stays after the file is deleted, so a late click on the link hears "deleted", not "unknown".
 */
export interface ExportFileDoc {
  _id: string;
  orgId: string;
  report: ExportFileKind;
  filters: {
    groupId?: string;
    groupName?: string;
    status?: 'active' | 'deactivated';
    since?: Date;
    /** The import run whose per-row result (import_result) or dry run (import_preview) the file holds. */
    runId?: string;
  };
  requester: {
    slackUserId: string;
    email: string | undefined;
    role: Role;
    managedGroups: ManagedGroup[];
  };
  source: string;
  requestId: string | undefined;
  status: ExportStatus;
  /** How many times a runner started writing the file (a restart after a crash starts it again). */
  attempts: number;
  rows: number | undefined;
  bytes: number | undefined;
  filename: string;
  readyAt: Date | undefined;
  expiresAt: Date | undefined;
  failure: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

const exportFileSchema = new Schema<ExportFileDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    report: { type: String, required: true, enum: [...EXPORT_REPORTS, 'import_result', 'import_preview'] },
    filters: { type: Schema.Types.Mixed, default: {} },
    requester: { type: Schema.Types.Mixed, required: true },
    source: { type: String, required: true },
    requestId: { type: String },
    status: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    rows: { type: Number },
    bytes: { type: Number },
    filename: { type: String, required: true },
    readyAt: { type: Date },
    expiresAt: { type: Date },
    failure: { type: String },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
// The cleanup job's query; on FerretDB/SQLite a scan of a small collection.
exportFileSchema.index({ status: 1, expiresAt: 1 });

export function exportFileModel(connection: Connection) {
  return connection.model<ExportFileDoc>('ExportFile', exportFileSchema, 'exports');
}
