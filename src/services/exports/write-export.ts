import { Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Actor } from '../context.js';
import type { Store } from '../store.js';
import { requireGroupById } from '../groups/group-repository.js';
import type { InvitationDoc } from '../models/invitation.js';
import type { UserDoc } from '../models/user.js';
import { exportScope } from './export-scope.js';
import type { ExportRecord } from './export-repository.js';
import { writeExportFile } from './export-file-store.js';
import {
  groupCell,
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
  if (record.filters.groupId !== undefined) await requireGroupById(store, record.orgId, record.filters.groupId);
  const scope = exportScope(record.orgId, exportActor(record), record.report, record.filters);
  const names = await groupNames(store, record.orgId);
  const cell = groupCell(names, scope.visibleGroupIds);
  let rows = 0;
  const source =
    scope.collection === 'invitations'
      ? store.invitations
          .find(scope.filter)
          .select(INVITATION_PROJECTION)
          .lean<InvitationDoc>()
          .cursor({ batchSize: CURSOR_BATCH })
      : store.users.find(scope.filter).select(MEMBER_PROJECTION).lean<UserDoc>().cursor({ batchSize: CURSOR_BATCH });
  const toRow = new Transform({
    objectMode: true,
    transform(doc: Partial<UserDoc> & Partial<InvitationDoc>, _encoding, done) {
      rows += 1;
      done(null, scope.collection === 'invitations' ? invitationRow(doc, cell) : memberRow(doc, cell));
    },
  });
  const csv = stringify({ bom: true, header: true, columns: [...reportColumns(record.report)] });
  const bytes = await writeExportFile(store, record._id, record.filename, [source, toRow, csv]);
  return { rows, bytes };
}

/** Every group's name by id: one read of the organization's groups (far fewer than its people). */
async function groupNames(store: Store, orgId: string): Promise<Map<string, string>> {
  const groups = await store.groups.find({ orgId }).select({ name: 1 }).lean().exec();
  return new Map(groups.map((g) => [g._id, g.name]));
}
