import { scheduleExport } from './export-report.js';
import { count } from '../plural.js';
import { readRunPage } from '../services/bulk-runs/bulk-run-repository.js';
import { requestImportResultFile } from '../services/import-files.js';
import { applyImportPage, importedInvitation, settleImportPages } from '../services/import-apply.js';
import {
  importInputSchema,
  importItemSchema,
  type ImportInput,
  type ImportItem,
} from '../services/imports/import-item.js';
import type { InvitationDelivery } from '../services/invitations/record-invitation-delivery.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { withDeliveryLine } from '../views/bulk-run-blocks.js';
import { invitationDeliveryLine } from '../views/invitations/invitation-dm-blocks.js';
import { invitationDmDelivery } from './invitation-dm.js';
import { defineBulkKind } from './kit/bulk-kind.js';

/**
 * A confirmed CSV import: its rows (as the dry run decided them) applied a page at a time through
 * the commands' services, each once, resumed after a crash; then the per-row result file, DMed like
 * an export; then the invitation DM of each new invitee, the one `/ub invite` sends (with the
 * import's message), once each (postOnce), after a crash too.
 */
export const importUsers = defineBulkKind<ImportInput, ImportItem, InvitationDelivery>({
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
  deliver: {
    wants: (_input, item) => item.kind === 'invite',
    ...invitationDmDelivery<ImportInput, ImportItem>((_env, input, item) =>
      Promise.resolve(importedInvitation(input, item)),
    ),
  },
  afterResult: async (env) => {
    if (!env.notifyUserId) return;
    const record = await requestImportResultFile(env.ctx, env.runId, env.notifyUserId);
    await scheduleExport(env.jobs, record._id);
  },
  resultTitle: (input) => `Imported ${input.fileName}`,
  result: (input, result, delivery) =>
    withDeliveryLine(
      bulkResultBlocks({
        title: `Imported ${input.fileName}`,
        ...result,
        footer: 'The per-row result file comes in a separate DM. New invitees in this Slack get the invitation by DM.',
      }),
      delivery && delivery.wanted > 0 ? invitationDeliveryLine(delivery) : undefined,
    ),
});

/** `<runId>:p0003` → [runId, 3] (the kit's page keys). */
function splitPageKey(key: string): [string, number] {
  const at = key.lastIndexOf(':p');
  return [key.slice(0, at), Number(key.slice(at + 2))];
}
