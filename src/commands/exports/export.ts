import { z } from 'zod';
import { scheduleExport } from '../../jobs/export-report.js';
import { requestKeyOf } from '../../jobs/kit/launch-bulk-run.js';
import { mayEverDo } from '../../services/authorization.js';
import type { ServiceContext } from '../../services/context.js';
import { EXPORT_REPORTS, type ExportReport } from '../../services/domain.js';
import { exportScope, REPORT_ACTION } from '../../services/exports/export-scope.js';
import { requestExport } from '../../services/exports/request-export.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { argToken, choiceArg, textArg } from '../../slack/kit/arg-schemas.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import {
  EXPORT_DOWNLOAD_ACTION_ID,
  EXPORT_MODAL_CALLBACK_ID,
  exportModalView,
  exportStartedText,
} from '../../views/exports/export-blocks.js';
import type { Action } from '../../slack/kit/action.js';

/** A day as YYYY-MM-DD (UTC midnight), a real calendar day. */
function parseDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : date;
}

const sinceArg = argToken.transform((t, ctx) => {
  const day = t.kind === 'text' ? parseDay(t.value.trim()) : undefined;
  if (!day) {
    ctx.addIssue({ code: 'custom', message: 'must be a day written YYYY-MM-DD, such as 2026-11-01' });
    return z.NEVER;
  }
  return day;
});

interface ExportInput {
  report: ExportReport;
  group?: string | undefined;
  status?: 'active' | 'deactivated' | undefined;
  since?: Date | undefined;
}

/** Records the export (the service checks the requester may), answers at once, and leaves the file to the job. */
async function startExport(request: CommandRequest, ctx: ServiceContext, input: ExportInput): Promise<void> {
  const record = await requestExport(ctx, {
    report: input.report,
    groupName: input.group,
    status: input.status,
    since: input.since,
    requester: request.slackUserId,
    requestKey: requestKeyOf(request),
  });
  await scheduleExport(request.deps.jobs, record._id);
  await request.reply({
    text: exportStartedText({
      report: record.report,
      groupName: record.filters.groupName,
      status: record.filters.status,
      since: record.filters.since,
    }),
  });
}

/** `/ub export <users|licensed|pending|deactivated|activity> [--group <name>] [--status ...] [--since <date>]` */
export const exportSubcommand = defineSubcommand({
  name: 'export',
  usage:
    '<users|licensed|pending|deactivated|activity> [--group <name>] [--status active|deactivated] [--since YYYY-MM-DD]',
  summary: 'Export a report as a CSV file, sent to you by DM with a download link.',
  details: [
    '`/ub export licensed --group "Data Eng"` exports the licensed people of Data Eng.',
    "Reports: `users` (everyone who joined; `--status` narrows it), `licensed`, `pending` (invitations), `deactivated`, `activity` (each person's courses: enrolled, last activity, completed, % complete). `--since` keeps the people who joined (were invited, were deactivated; for activity, were last active in the course) on or after that day.",
    'Group admins export the people of their groups; the pending and deactivated reports need the invite/deactivate permission.',
    'The link works for 24 hours, for you alone. Dates are ISO 8601 in UTC.',
  ],
  permission: 'user.view',
  reply: 'ephemeral',
  positionals: [{ name: 'report' }],
  flags: {
    group: { takesValue: true, mayHaveSpaces: true },
    status: { takesValue: true },
    since: { takesValue: true },
  },
  schema: z.object({
    report: choiceArg(EXPORT_REPORTS, {
      all: 'users',
      all_users: 'users',
      active: 'licensed',
      invitations: 'pending',
      invited: 'pending',
      courses: 'activity',
      learning: 'activity',
    }),
    group: textArg({ max: MAX_GROUP_NAME, what: 'a group name' }).optional(),
    status: choiceArg(['active', 'deactivated'] as const, { licensed: 'active' }).optional(),
    since: sinceArg.optional(),
  }),
  openModal: async (request, ctx) => {
    const reports = EXPORT_REPORTS.filter((r) => mayEverDo(ctx.actor, REPORT_ACTION[r]));
    // The service decides; asking it with the first report gives its refusal, in its words.
    if (reports.length === 0) exportScope(ctx.orgId, ctx.actor, 'users', {});
    await request.openModal(exportModalView({ reports }));
  },
  handle: (request, input, ctx) => startExport(request, ctx, input),
});

/** The form of `/ub export`. */
export const exportModal = defineModal({
  callbackId: EXPORT_MODAL_CALLBACK_ID,
  errorFields: { not_found: 'group', not_authorized: 'report' },
  fields: z.object({
    report: z.enum(EXPORT_REPORTS, { error: 'Pick a report.' }),
    group: z
      .string()
      .max(MAX_GROUP_NAME, `At most ${MAX_GROUP_NAME} characters.`)
      .optional()
      .transform((v) => v?.trim() || undefined),
    since: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const text = v?.trim();
        if (!text) return undefined;
        const day = parseDay(text);
        if (!day) {
          ctx.addIssue({ code: 'custom', message: 'Write the day as YYYY-MM-DD, such as 2026-11-01.' });
          return z.NEVER;
        }
        return day;
      }),
  }),
  handle: (request, input, ctx) => startExport(request, ctx, input),
});

/** The DM's Download button: Slack opens its URL in the browser and tells ub of the click, which needs no answer. */
export const exportDownloadButton: Action = {
  actionId: EXPORT_DOWNLOAD_ACTION_ID,
  run: async () => undefined,
};
