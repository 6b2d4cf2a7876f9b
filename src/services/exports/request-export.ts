import { createHash } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { EXPORT_REPORT_NAMES, type ExportReport } from '../domain.js';
import { isDuplicateKey, UbError } from '../errors.js';
import { requireGroup } from '../groups/group-repository.js';
import type { ExportFileDoc } from '../models/export-file.js';
import { recordAudit } from '../record-audit.js';
import { exportScope } from './export-scope.js';
import { findExport, insertExport, type ExportRecord } from './export-repository.js';

export interface ExportRequest {
  report: ExportReport;
  groupName?: string | undefined;
  status?: 'active' | 'deactivated' | undefined;
  since?: Date | undefined;
  /** The Slack user who asked, and gets the file. */
  requester: string;
  /** Identifies the Slack request across retries: the same key is the same export. */
  requestKey: string;
}

/**
 * Records an export for the job to write, after checking the requester may export that report
 * (and that group). The same request again (a retry, a double submit) finds the export it made.
 */
export async function requestExport(ctx: ServiceContext, input: ExportRequest): Promise<ExportRecord> {
  const group = input.groupName !== undefined ? await requireGroup(ctx.store, ctx.orgId, input.groupName) : undefined;
  if (input.status !== undefined && input.report !== 'users')
    throw new UbError('invalid_input', '`--status` narrows the `users` report only (the others have one status each).');
  const filters: ExportFileDoc['filters'] = {
    ...(group ? { groupId: group.id, groupName: group.name } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.since ? { since: input.since } : {}),
  };
  // Throws when the requester may not export this: before anything is stored.
  exportScope(ctx.orgId, ctx.actor, input.report, filters);
  const id = exportIdOf(input.requestKey);
  const existing = await findExport(ctx.store, id);
  if (existing) return existing;
  const now = ctx.now();
  const doc: Omit<ExportFileDoc, 'createdAt' | 'updatedAt'> = {
    _id: id,
    orgId: ctx.orgId,
    report: input.report,
    filters,
    requester: {
      slackUserId: input.requester,
      email: ctx.actor.email,
      role: ctx.actor.role,
      managedGroups: ctx.actor.managedGroups.map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] })),
    },
    source: ctx.source,
    requestId: ctx.requestId,
    status: 'queued',
    attempts: 0,
    rows: undefined,
    bytes: undefined,
    filename: `ub-${input.report}-${now.toISOString().slice(0, 10)}.csv`,
    readyAt: undefined,
    expiresAt: undefined,
    failure: undefined,
  };
  try {
    await insertExport(ctx.store, doc);
  } catch (error) {
    if (isDuplicateKey(error)) return (await findExport(ctx.store, id))!;
    throw error;
  }
  await recordAudit(ctx, {
    action: 'export.requested',
    targetType: 'export',
    targetId: id,
    subjects: group ? [group.id] : [],
    after: {
      report: input.report,
      name: EXPORT_REPORT_NAMES[input.report],
      ...(group ? { groupId: group.id, groupName: group.name } : {}),
      ...(input.status ? { status: input.status } : {}),
      ...(input.since ? { since: input.since.toISOString() } : {}),
    },
  });
  return (await findExport(ctx.store, id))!;
}

/**
 * Records a per-row file of an import run for the export job to write and DM, as the person who
 * ran the import: its dry run (`preview`: what each row would do, or its problem) or its result;
 * the same run always gives the same file.
 */
export async function requestImportFileExport(
  ctx: ServiceContext,
  input: { runId: string; requester: string; file: 'result' | 'preview' },
): Promise<ExportRecord> {
  const id = exportIdOf(`import-${input.file}:${input.runId}`);
  const existing = await findExport(ctx.store, id);
  if (existing) return existing;
  try {
    await insertExport(ctx.store, {
      _id: id,
      orgId: ctx.orgId,
      report: input.file === 'result' ? 'import_result' : 'import_preview',
      filters: { runId: input.runId },
      requester: {
        slackUserId: input.requester,
        email: ctx.actor.email,
        role: ctx.actor.role,
        managedGroups: ctx.actor.managedGroups.map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] })),
      },
      source: ctx.source,
      requestId: ctx.requestId,
      status: 'queued',
      attempts: 0,
      rows: undefined,
      bytes: undefined,
      filename: `ub-import-${input.file}-${ctx.now().toISOString().slice(0, 10)}.csv`,
      readyAt: undefined,
      expiresAt: undefined,
      failure: undefined,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
  }
  return (await findExport(ctx.store, id))!;
}

/** An ObjectId-shaped id derived from the request, so a retried request is the same export. */
function exportIdOf(requestKey: string): string {
  return createHash('sha256').update(`export:${requestKey}`).digest('hex').slice(0, 24);
}
