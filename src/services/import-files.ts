import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ServiceContext } from './context.js';
import { findBulkRun, readRunPage } from './bulk-runs/bulk-run-repository.js';
import { UbError } from './errors.js';
import { writeExportFile } from './exports/export-file-store.js';
import type { ExportRecord } from './exports/export-repository.js';
import { neutralizeCell } from './exports/neutralize-cell.js';
import { requestImportFileExport } from './exports/request-export.js';
import { z } from 'zod';
import { activityImportItemSchema, describeActivityImportRow, IMPORT_ACTIVITY_KIND } from './activity-import.js';
import { describeImportRow, importInputSchema, importItemSchema } from './imports/import-item.js';
import type { Store } from './store.js';

/**
 * The per-row files of a CSV import, DMed like reports (decision 040): the preview of its dry run
 * and the result of its run. Shared orchestration (imports and exports), as decision 028 keeps it.
 */

/** Records the dry run's preview file for the export job to write and DM to whoever ran it. */
export function requestImportPreviewFile(ctx: ServiceContext, runId: string, requester: string): Promise<ExportRecord> {
  return requestImportFileExport(ctx, { runId, requester, file: 'preview' });
}

/** Records the run's result file (once it is applied), likewise. */
export function requestImportResultFile(ctx: ServiceContext, runId: string, requester: string): Promise<ExportRecord> {
  return requestImportFileExport(ctx, { runId, requester, file: 'result' });
}

/** The columns of an import's result file. */
export const IMPORT_RESULT_COLUMNS = ['Row', 'Email address', 'Result', 'Details'] as const;
/** The columns of an import's preview file (its dry run). */
export const IMPORT_PREVIEW_COLUMNS = ['Row', 'Email address', 'Change', 'Details'] as const;

/** What every import's items have: the row in the file and the person. */
const rowOf = z.object({ row: z.number(), email: z.string() });

type RowDescription = { change: string; details: string };

/** How a kind of import says what its dry run decided for a row. */
function rowDescriber(kind: string, rawInput: unknown): (raw: unknown) => RowDescription {
  const unreadable = { change: '', details: 'not readable' };
  if (kind === IMPORT_ACTIVITY_KIND)
    return (raw) => {
      const item = activityImportItemSchema.safeParse(raw);
      return item.success ? describeActivityImportRow(item.data) : unreadable;
    };
  const input = importInputSchema.safeParse(rawInput);
  const groupNames = input.success ? input.data.groupNames : {};
  return (raw) => {
    const item = importItemSchema.safeParse(raw);
    return item.success ? describeImportRow(item.data, groupNames) : unreadable;
  };
}

const RESULT_WORDS = { done: 'applied', skipped: 'skipped', failed: 'failed' } as const;

/**
 * An import's per-row file: its run's pages read one at a time by `_id`, rows in file order. The
 * preview says what the dry run decided for each row (the change, or the problem); the result,
 * each row's outcome as the run recorded it (applied, skipped or failed, with the reason).
 */
export async function writeImportFile(store: Store, record: ExportRecord): Promise<{ rows: number; bytes: number }> {
  const runId = record.filters.runId ?? '';
  const run = await findBulkRun(store, runId);
  if (!run) throw new UbError('not_found', 'The import this file belongs to is no longer kept.');
  const preview = record.report === 'import_preview';
  const describe = rowDescriber(run.kind, run.input);
  let rows = 0;
  async function* lines() {
    for (let page = 0; page < run!.pages; page += 1) {
      const stored = await readRunPage(store, runId, page);
      for (const [i, raw] of stored.items.entries()) {
        const item = rowOf.safeParse(raw);
        const row = item.success ? String(item.data.row) : '';
        rows += 1;
        if (preview) {
          const described = describe(raw);
          yield [
            row,
            neutralizeCell(item.success ? item.data.email : ''),
            described.change,
            neutralizeCell(described.details),
          ];
          continue;
        }
        const outcome = stored.outcomes?.[i];
        yield [
          row,
          neutralizeCell(outcome?.email ?? ''),
          outcome ? RESULT_WORDS[outcome.status] : 'not applied',
          neutralizeCell((outcome?.reason ?? '').replace(/^row \d+: /, '')),
        ];
      }
    }
  }
  const columns = preview ? IMPORT_PREVIEW_COLUMNS : IMPORT_RESULT_COLUMNS;
  const csv = stringify({ bom: true, header: true, columns: [...columns] });
  const bytes = await writeExportFile(store, record._id, record.filename, [Readable.from(lines()), csv]);
  return { rows, bytes };
}
