import { z } from 'zod';
import { importUsers } from '../../jobs/import-users.js';
import { confirmBulkRunFromPreview, prepareBulkRun, requestKeyOf } from '../../jobs/kit/launch-bulk-run.js';
import { scheduleExport } from '../../jobs/export-report.js';
import { requestImportPreviewFile } from '../../services/import-files.js';
import { assertMayImport, MAX_IMPORT_MESSAGE, planImport } from '../../services/import-plan.js';
import { findOrganization } from '../../services/organization-repository.js';
import { MAX_IMPORT_BYTES, readImportCsv } from '../../services/imports/read-import-csv.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import { defineModal } from '../../slack/kit/modal.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { downloadSharedFile } from '../../slack/shared-file.js';
import { csvSharedJustBefore } from './csv-shared-in-dm.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import type { ServiceContext } from '../../services/context.js';
import {
  IMPORT_CONFIRM_ACTION_ID,
  IMPORT_MODAL_CALLBACK_ID,
  importModalView,
  importPreviewBlocks,
} from '../../views/imports/import-blocks.js';

/** `/ub import users`: the CSV shared just before in the app's DM, or the form with the CSV. */
export const importSubcommand = defineSubcommand({
  name: 'import users',
  usage: '',
  summary: 'Invite and update people from a CSV file (Udemy Business columns), after a preview.',
  details: [
    'Columns: `email`, and any of `role` (user, admin, group admin), `groups` and `group admin for` (names separated by `;`), `license` (standard or pro). Comma, semicolon or tab separated, UTF-8.',
    'New people are invited; existing ones get the groups, role, Pro and group-admin assignments listed; deactivated ones are reactivated. Nobody is deactivated, renamed or loses Pro.',
    'First a preview (nothing changes); Confirm applies it in the background and DMs the per-row result.',
    'Group admins with the invite/deactivate permission import for their own groups.',
    'In your DM with ub you can also share the CSV first, then type `/ub import users` there: ub previews the file you shared last (in the last 30 minutes). The form offers the groups option and a message for the invitations.',
  ],
  permission: 'user.invite',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  openModal: (request, ctx) => startImport(request, ctx),
  handle: (request, _input, ctx) => startImport(request, ctx),
});

/** The CSV shared just before in the app's DM when the command is typed there, else the form. */
async function startImport(request: CommandRequest, ctx: ServiceContext): Promise<void> {
  assertMayImport(ctx);
  const shared = await csvSharedJustBefore(request, ctx);
  if (shared === undefined) await request.openModal(importModalView({ messageMax: MAX_IMPORT_MESSAGE }));
  else await previewImport(request, ctx, { fileId: shared, authoritative: false, message: undefined });
}

/**
 * The dry run of a CSV: downloads it with the bot token, reads every row, stores the decided rows
 * as a draft run, asks for the per-row preview file, and answers with the counts and a Confirm.
 */
async function previewImport(
  request: CommandRequest,
  ctx: ServiceContext,
  input: { fileId: string; authoritative: boolean; message: string | undefined },
): Promise<void> {
  assertMayImport(ctx);
  const file = await downloadSharedFile(request.client, input.fileId, MAX_IMPORT_BYTES);
  const read = readImportCsv(file.bytes);
  const plan = await planImport(ctx, {
    ...read,
    fileName: file.name,
    authoritative: input.authoritative,
    ...(input.message !== undefined ? { message: input.message } : {}),
  });
  const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
  const run = await prepareBulkRun(request, ctx, importUsers, {
    requestKey: requestKeyOf(request, 'import'),
    input: {
      ...plan.input,
      ...(organizationName ? { organizationName } : {}),
      ...(request.deps.learningUrl ? { learningUrl: request.deps.learningUrl } : {}),
    },
    items: plan.items,
  });
  // The per-row preview, written and DMed by the export job like a report.
  const previewFile = await requestImportPreviewFile(ctx, run.id, request.slackUserId);
  await scheduleExport(request.deps.jobs, previewFile._id);
  await request.reply(
    importPreviewBlocks(
      {
        fileName: file.name,
        rows: read.rows.length + read.problems.length,
        counts: plan.counts,
        seats: plan.seats,
        problems: plan.problems,
        authoritative: input.authoritative,
      },
      importConfirm.encode({ r: run.id }),
    ),
  );
}

/** Confirm on the preview: applies the import once; the preview becomes "Started: 0 of N". */
export const importConfirm = defineConfirmation({
  actionId: IMPORT_CONFIRM_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(200) }),
  confirm: (request, value, ctx) => confirmBulkRunFromPreview(request, ctx, importUsers, value.r),
});

/** The form: downloads the file, reads every row, and answers with the dry run and a Confirm. */
export const importModal = defineModal({
  callbackId: IMPORT_MODAL_CALLBACK_ID,
  errorFields: { invalid_input: 'file', not_found: 'file' },
  fields: z.object({
    file: z.array(z.string(), { error: 'Choose a CSV file.' }).min(1, 'Choose a CSV file.'),
    authoritative: z
      .array(z.string())
      .optional()
      .transform((v) => (v ?? []).includes('yes')),
    message: z
      .string()
      .max(MAX_IMPORT_MESSAGE, `At most ${MAX_IMPORT_MESSAGE} characters.`)
      .optional()
      .transform((v) => v?.trim() || undefined),
  }),
  handle: (request, input, ctx) =>
    previewImport(request, ctx, { fileId: input.file[0]!, authoritative: input.authoritative, message: input.message }),
});
