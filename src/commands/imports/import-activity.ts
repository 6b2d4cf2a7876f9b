import { z } from 'zod';
import { scheduleExport } from '../../jobs/export-report.js';
import { importActivity } from '../../jobs/import-activity.js';
import { confirmBulkRunFromPreview, prepareBulkRun, requestKeyOf } from '../../jobs/kit/launch-bulk-run.js';
import { assertMayImportActivity, planActivityImport } from '../../services/activity-import.js';
import type { ServiceContext } from '../../services/context.js';
import { requestImportPreviewFile } from '../../services/import-files.js';
import { ACTIVITY_EXPECTED_COLUMNS, readActivityCsv } from '../../services/imports/read-activity-csv.js';
import { MAX_IMPORT_BYTES } from '../../services/imports/read-import-csv.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { downloadSharedFile } from '../../slack/shared-file.js';
import {
  IMPORT_ACTIVITY_CONFIRM_ACTION_ID,
  IMPORT_ACTIVITY_MODAL_CALLBACK_ID,
  importActivityModalView,
  importActivityPreviewBlocks,
} from '../../views/imports/import-activity-blocks.js';
import { csvSharedJustBefore } from './csv-shared-in-dm.js';

/** `/ub import activity`: learning activity from a CSV (the user course activity report's columns). */
export const importActivitySubcommand = defineSubcommand({
  name: 'import activity',
  usage: '',
  summary: 'Record learning activity from a CSV file (one row per person and course), after a preview.',
  details: [
    `Columns: ${ACTIVITY_EXPECTED_COLUMNS}. ub's \`/ub export activity\` file, and Udemy Business's user course activity report, work as they are.`,
    'Each row becomes the enrollment, progress and completion events the learning platform would send; a row imported again changes nothing.',
    'In your DM with ub you can also share the CSV first, then type `/ub import activity` there.',
  ],
  permission: 'activity.import',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  openModal: (request, ctx) => startActivityImport(request, ctx),
  handle: (request, _input, ctx) => startActivityImport(request, ctx),
});

async function startActivityImport(request: CommandRequest, ctx: ServiceContext): Promise<void> {
  assertMayImportActivity(ctx);
  const shared = await csvSharedJustBefore(request, ctx);
  if (shared === undefined)
    await request.openModal(importActivityModalView({ expectedColumns: ACTIVITY_EXPECTED_COLUMNS }));
  else await previewActivityImport(request, ctx, shared);
}

/** The dry run: downloads the file with the bot token, decides each row, stores them as a draft run, answers with a Confirm. */
async function previewActivityImport(request: CommandRequest, ctx: ServiceContext, fileId: string): Promise<void> {
  assertMayImportActivity(ctx);
  const file = await downloadSharedFile(request.client, fileId, MAX_IMPORT_BYTES);
  const read = readActivityCsv(file.bytes);
  const plan = await planActivityImport(ctx, read);
  const run = await prepareBulkRun(request, ctx, importActivity, {
    requestKey: requestKeyOf(request, 'import-activity'),
    input: { fileName: file.name },
    items: plan.items,
  });
  const previewFile = await requestImportPreviewFile(ctx, run.id, request.slackUserId);
  await scheduleExport(request.deps.jobs, previewFile._id);
  await request.reply(
    importActivityPreviewBlocks(
      { fileName: file.name, rows: plan.items.length, counts: plan.counts, problems: plan.problems },
      importActivityConfirm.encode({ r: run.id }),
    ),
  );
}

/** Confirm on the preview: records the rows once; the preview becomes "Started: 0 of N". */
export const importActivityConfirm = defineConfirmation({
  actionId: IMPORT_ACTIVITY_CONFIRM_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(200) }),
  confirm: (request, value, ctx) => confirmBulkRunFromPreview(request, ctx, importActivity, value.r),
});

/** The form: the file, then the dry run. */
export const importActivityModal = defineModal({
  callbackId: IMPORT_ACTIVITY_MODAL_CALLBACK_ID,
  errorFields: { invalid_input: 'file', not_found: 'file' },
  fields: z.object({
    file: z.array(z.string(), { error: 'Choose a CSV file.' }).min(1, 'Choose a CSV file.'),
  }),
  handle: (request, input, ctx) => previewActivityImport(request, ctx, input.file[0]!),
});
