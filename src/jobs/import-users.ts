import { scheduleExport } from './export-report.js';
import { count } from '../plural.js';
import { readRunPage } from '../services/bulk-runs/bulk-run-repository.js';
import { requestImportResultExport } from '../services/exports/request-export.js';
import { applyImportPage, settleImportPages } from '../services/import-apply.js';
import { importInputSchema, importItemSchema } from '../services/imports/import-item.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { defineBulkKind } from './kit/bulk-kind.js';

/**
 * A confirmed CSV import: its rows (as the dry run decided them) applied a page at a time through
 * the commands' services, each once, resumed after a crash; then the per-row result file, DMed like
 * an export.
 */
export const importUsers = defineBulkKind({
  name: 'import-users',
  input: importInputSchema,
  item: importItemSchema,
  title: (input, total) => `Importing ${count(total, 'row')} from ${input.fileName}`,
  applyPage: (ctx, input, page) => applyImportPage(ctx, input, page),
  afterApply: async (ctx, input, pageKeys) => {
    const pages = await Promise.all(
      pageKeys.map(async (key) => {
        const [runId, page] = splitPageKey(key);
        const stored = await readRunPage(ctx.store, runId, page);
        return { key, runId, items: stored.items.map((item) => importItemSchema.parse(item)) };
      }),
    );
    await settleImportPages(ctx, input, pages);
  },
  afterResult: async (env) => {
    if (!env.notifyUserId) return;
    const record = await requestImportResultExport(env.ctx, { runId: env.runId, requester: env.notifyUserId });
    await scheduleExport(env.jobs, record._id);
  },
  resultTitle: (input) => `Imported ${input.fileName}`,
  result: (input, result) =>
    bulkResultBlocks({
      title: `Imported ${input.fileName}`,
      ...result,
      footer: 'The per-row result file comes in a separate DM.',
    }),
});

/** `<runId>:p0003` → [runId, 3] (the kit's page keys). */
function splitPageKey(key: string): [string, number] {
  const at = key.lastIndexOf(':p');
  return [key.slice(0, at), Number(key.slice(at + 2))];
}
