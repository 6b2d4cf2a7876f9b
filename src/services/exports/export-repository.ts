import type { ExportFileDoc, ExportStatus } from '../models/export-file.js';
import type { Store } from '../store.js';

export type ExportRecord = ExportFileDoc;

/** True for a string that can be an export id, an ObjectId's hex (GridFS names files by ObjectId). */
export function isExportId(value: string): boolean {
  return /^[0-9a-f]{24}$/.test(value);
}

export async function insertExport(store: Store, doc: Omit<ExportFileDoc, 'createdAt' | 'updatedAt'>): Promise<void> {
  await store.exports.create(doc);
}

export async function findExport(store: Store, id: string): Promise<ExportRecord | undefined> {
  return (await store.exports.findById(id).lean().exec()) ?? undefined;
}

/** A runner starts (again) writing the file. */
export async function markExportWriting(store: Store, id: string): Promise<void> {
  await store.exports.updateOne({ _id: id }, { $set: { status: 'writing' }, $inc: { attempts: 1 } }).exec();
}

export async function markExportReady(
  store: Store,
  id: string,
  done: { rows: number; bytes: number; readyAt: Date; expiresAt: Date },
): Promise<void> {
  await store.exports.updateOne({ _id: id }, { $set: { status: 'ready', ...done } }).exec();
}

export async function markExportFailed(store: Store, id: string, failure: string): Promise<void> {
  await store.exports.updateOne({ _id: id }, { $set: { status: 'failed', failure } }).exec();
}

export async function setExportStatus(store: Store, id: string, status: ExportStatus): Promise<void> {
  await store.exports.updateOne({ _id: id }, { $set: { status } }).exec();
}

/** Exports whose link has expired and whose file is still kept. */
export async function expiredExportIds(store: Store, now: Date, limit = 500): Promise<string[]> {
  const docs = await store.exports
    .find({ status: { $in: ['ready', 'delivered'] }, expiresAt: { $lt: now } })
    .select({ _id: 1 })
    .limit(limit)
    .lean()
    .exec();
  return docs.map((d) => d._id);
}
