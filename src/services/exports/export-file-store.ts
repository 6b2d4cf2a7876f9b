import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GridFSBucket, ObjectId } from 'mongodb';
import type { Store } from '../store.js';

/**
 * Export files in GridFS (bucket `export_files`: collections `export_files.files` and
 * `export_files.chunks`), each under its export's `_id`. GridFS works on FerretDB 1.24 as on
 * MongoDB (docs/decisions/027-csv-exports.md): the driver writes 255 kB chunks with plain inserts,
 * reads them back with a find on `files_id` sorted by `n`, and writes the files document last, so
 * a file is complete exactly when its files document exists. Export ids are ObjectId hex strings,
 * since GridFS names files by ObjectId.
 */
const BUCKET = 'export_files';

function bucket(store: Store): GridFSBucket {
  const db = store.connection.db;
  if (!db) throw new Error('the database connection is not open');
  return new GridFSBucket(db, { bucketName: BUCKET });
}

/**
 * Streams `stages` (a source and its transforms) into the file `id`, after removing whatever an
 * earlier attempt left; returns its size.
 */
export async function writeExportFile(
  store: Store,
  id: string,
  filename: string,
  stages: [Readable, ...Transform[]],
): Promise<number> {
  await deleteExportFile(store, id);
  const upload = bucket(store).openUploadStreamWithId(new ObjectId(id), filename, {
    metadata: { contentType: 'text/csv' },
  });
  try {
    await pipeline([...stages, upload]);
  } catch (error) {
    // No half file: chunks written so far go, and the files document was never written.
    await deleteExportFile(store, id).catch(() => undefined);
    throw error;
  }
  return upload.length;
}

/** The file's bytes as a stream, or undefined when it is not there (deleted, or never finished). */
export async function openExportFile(
  store: Store,
  id: string,
): Promise<{ length: number; stream: Readable } | undefined> {
  const files = await bucket(store)
    .find({ _id: new ObjectId(id) })
    .limit(1)
    .toArray();
  const file = files[0];
  if (!file) return undefined;
  return { length: file.length, stream: bucket(store).openDownloadStream(file._id) };
}

/** Removes the file and any chunks a crashed attempt left (GridFS's own delete needs the files document). */
export async function deleteExportFile(store: Store, id: string): Promise<void> {
  const db = store.connection.db;
  if (!db) throw new Error('the database connection is not open');
  const fileId = new ObjectId(id);
  await db.collection(`${BUCKET}.chunks`).deleteMany({ files_id: fileId });
  await db.collection(`${BUCKET}.files`).deleteOne({ _id: fileId });
}
