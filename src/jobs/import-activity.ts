import { count } from '../plural.js';
import {
  activityImportInputSchema,
  activityImportItemSchema,
  applyActivityImportPage,
  IMPORT_ACTIVITY_KIND,
} from '../services/activity-import.js';
import { requestImportResultFile } from '../services/import-files.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { scheduleExport } from './export-report.js';
import { defineBulkKind } from './kit/bulk-kind.js';

/**
 * A confirmed activity import: its rows' learning events recorded a page at a time through
 * `recordActivity` (the activity endpoint's service), each once (event ids derive from the rows),
 * resumed after a crash; then the per-row result file, DMed like an export.
 */
export const importActivity = defineBulkKind({
  name: IMPORT_ACTIVITY_KIND,
  input: activityImportInputSchema,
  item: activityImportItemSchema,
  title: (input, total) => `Importing learning activity: ${count(total, 'row')} from ${input.fileName}`,
  applyPage: (ctx, _input, page) => applyActivityImportPage(ctx, page),
  afterResult: async (env) => {
    if (!env.notifyUserId) return;
    const record = await requestImportResultFile(env.ctx, env.runId, env.notifyUserId);
    await scheduleExport(env.jobs, record._id);
  },
  resultTitle: (input) => `Imported activity from ${input.fileName}`,
  result: (input, result) =>
    bulkResultBlocks({
      title: `Imported activity from ${input.fileName}`,
      ...result,
      footer: 'The per-row result file comes in a separate DM.',
    }),
});
