import { Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Actor } from '../context.js';
import type { Store } from '../store.js';
import { requireGroupById } from '../groups/group-repository.js';
import type { InvitationDoc } from '../models/invitation.js';
import type { UserDoc } from '../models/user.js';
import type { EnrollmentDoc } from '../models/activity.js';
import type { Collection, Document } from 'mongodb';
import { exportScope, type ExportScope } from './export-scope.js';
import type { ExportRecord } from './export-repository.js';
import { writeExportFile } from './export-file-store.js';
import { writeImportFile } from '../import-files.js';
import {
  ACTIVITY_PROJECTION,
  activityRow,
  groupCell,
  type GroupCell,
  INVITATION_PROJECTION,
  invitationRow,
  MEMBER_PROJECTION,
  memberRow,
  reportColumns,
} from './export-rows.js';

/** Documents read from the server per round trip: big enough to keep the pipe full, small in memory. */
const CURSOR_BATCH = 1_000;

/** The requester as the export stored them: their rights when they asked are the rights the file is cut by. */
export function exportActor(record: ExportRecord): Actor {
  return {
    slackUserId: record.requester.slackUserId,
    email: record.requester.email,
    userId: undefined,
    role: record.requester.role,
    managedGroups: record.requester.managedGroups,
  };
}

/**
 * Writes the export's CSV into its file: a cursor over the report's people, each row through the
 * OWASP neutralization, csv-stringify (UTF-8 with a BOM, header row always), into GridFS. Only a
 * cursor batch and a chunk are in memory at once, whatever the size. A failure leaves no file.
 */
export async function writeExport(store: Store, record: ExportRecord): Promise<{ rows: number; bytes: number }> {
  if (record.report === 'import_result' || record.report === 'import_preview') return writeImportFile(store, record);

  const report = record.report;
  if (record.filters.groupId !== undefined) await requireGroupById(store, record.orgId, record.filters.groupId);
  const scope = exportScope(record.orgId, exportActor(record), report, record.filters);
  const names = await groupNames(store, record.orgId);
  const cell = groupCell(names, scope.visibleGroupIds);
  let rows = 0;
  // The driver's cursor, not mongoose's: no casting or hydration per row (the rows are read-only and
  // typed by the projection below), which at a million rows is most of the time spent in Node.
  const { collection, projection, toCells } = REPORT_SOURCES[scope.collection](store, cell);
  const source = collection.find(scope.filter, { projection, batchSize: CURSOR_BATCH }).stream();
  const toRow = new Transform({
    objectMode: true,
    transform(doc: Document, _encoding, done) {
      rows += 1;
      done(null, toCells(doc));
    },
  });
  const csv = stringify({ bom: true, header: true, columns: [...reportColumns(report)] });
  const bytes = await writeExportFile(store, record._id, record.filename, [source, toRow, csv]);
  return { rows, bytes };
}

/** Where each kind of report reads its rows, which fields, and how a document becomes a row. */
const REPORT_SOURCES: Record<
  ExportScope['collection'],
  (
    store: Store,
    cell: GroupCell,
  ) => { collection: Collection; projection: Document; toCells: (doc: Document) => string[] }
> = {
  users: (store, cell) => ({
    collection: store.users.collection,
    projection: MEMBER_PROJECTION,
    toCells: (doc) => memberRow(doc as Partial<UserDoc>, cell),
  }),
  invitations: (store, cell) => ({
    collection: store.invitations.collection,
    projection: INVITATION_PROJECTION,
    toCells: (doc) => invitationRow(doc as Partial<InvitationDoc>, cell),
  }),
  enrollments: (store, cell) => ({
    collection: store.enrollments.collection,
    projection: ACTIVITY_PROJECTION,
    toCells: (doc) => activityRow(doc as Partial<EnrollmentDoc>, cell),
  }),
};

/** Every group's name by id: one read of the organization's groups (far fewer than its people). */
async function groupNames(store: Store, orgId: string): Promise<Map<string, string>> {
  const groups = await store.groups.find({ orgId }).select({ name: 1 }).lean().exec();
  return new Map(groups.map((g) => [g._id, g.name]));
}
