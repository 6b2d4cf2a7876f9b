import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import { EXPORT_LINK_LIFETIME_MS, exportLinkUrl } from '../services/exports/export-links.js';
import { openExportFile } from '../services/exports/export-file-store.js';
import {
  findExport,
  markExportFailed,
  markExportReady,
  markExportWriting,
  setExportStatus,
  type ExportRecord,
} from '../services/exports/export-repository.js';
import { writeExport } from '../services/exports/write-export.js';
import { isDatabaseUnreachable, toUbError } from '../services/errors.js';
import { exportFailedBlocks, exportReadyBlocks, type ExportDescription } from '../views/exports/export-blocks.js';
import { keepJobAlive } from './kit/keep-job-alive.js';
import { postOnce, runnerName, type PostEnv, type PostOutcome } from './kit/post-once.js';
import { untilDatabase } from './kit/until-database.js';
import { uploadOnce } from './kit/upload-once.js';

export const EXPORT_JOB = 'export-report';

export interface ExportJobData {
  exportId: string;
}

/** The key of an export's one DM among the posts made once (slack_posts). */
export const exportMessageKey = (exportId: string) => `export:${exportId}:done`;

/**
 * Writes an export's file and sends its one DM. The Agenda lock is touched while it runs, so a
 * killed runner's export is taken over within a lock lifetime; the new runner writes the file
 * again from the start (the partial one is removed first) and the DM goes out once, by its record
 * (postOnce), whichever runner gets there (docs/decisions/027-csv-exports.md).
 */
export function defineExportJob(agenda: Agenda, deps: AppDeps): void {
  const runner = runnerName();
  agenda.define<ExportJobData>(
    EXPORT_JOB,
    async (job: Job<ExportJobData>) => {
      const stop = keepJobAlive(job, deps);
      try {
        await runExport(deps, runner, job.attrs.data.exportId);
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs, concurrency: 2 },
  );
}

/** Schedules an export's job (one per export: asking again finds the first). */
export async function scheduleExport(agenda: Agenda, exportId: string): Promise<void> {
  await agenda
    .create<ExportJobData>(EXPORT_JOB, { exportId })
    .unique({ 'data.exportId': exportId }, { insertOnly: true })
    .save();
}

async function runExport(deps: AppDeps, runner: string, exportId: string): Promise<void> {
  const untilDb = untilDatabase(deps.log, exportId).run;
  let record = await untilDb(() => findExport(deps.store, exportId));
  if (!record || record.status === 'delivered' || record.status === 'deleted') return;
  if (record.status === 'queued' || record.status === 'writing') record = await writeFile(deps, record, untilDb);
  const post: PostEnv = {
    store: deps.store,
    client: await deps.slack.forOrganization(record.orgId),
    orgId: record.orgId,
    runId: undefined,
    runner,
    leaseMs: deps.jobLockLifetimeMs,
    log: deps.log,
  };
  const sent = await deliver(deps, post, record);
  if (sent.state === 'not_sent') deps.log.warn('exports: the DM could not be sent', { exportId, reason: sent.reason });
  if (record.status === 'ready') await untilDb(() => setExportStatus(deps.store, exportId, 'delivered'));
}

async function writeFile(
  deps: AppDeps,
  record: ExportRecord,
  untilDb: <T>(step: () => Promise<T>) => Promise<T>,
): Promise<ExportRecord> {
  try {
    await untilDb(() => markExportWriting(deps.store, record._id));
    // Written again from the start when the database went away midway: the file is replaced whole.
    const { rows, bytes } = await untilDb(() => writeExport(deps.store, record));
    const readyAt = deps.now();
    const done = { rows, bytes, readyAt, expiresAt: new Date(readyAt.getTime() + EXPORT_LINK_LIFETIME_MS) };
    await untilDb(() => markExportReady(deps.store, record._id, done));
    deps.log.info('exports: file written', { exportId: record._id, rows, bytes });
    return { ...record, ...done, status: 'ready' };
  } catch (error) {
    if (isDatabaseUnreachable(error)) throw error;
    const problem = toUbError(error);
    deps.log.error('exports: export failed', { exportId: record._id, errorId: problem.id, error });
    const failure =
      problem.code === 'internal' ? `something went wrong on our side (reference ${problem.id}).` : problem.message;
    await untilDb(() => markExportFailed(deps.store, record._id, failure));
    return { ...record, status: 'failed', failure };
  }
}

/** The export's one DM: the link, or (no public URL) the file itself; or why it failed. */
async function deliver(deps: AppDeps, post: PostEnv, record: ExportRecord): Promise<PostOutcome> {
  const key = exportMessageKey(record._id);
  const to = record.requester.slackUserId;
  const description: ExportDescription = {
    report: record.report,
    groupName: record.filters.groupName,
    status: record.filters.status,
    since: record.filters.since,
  };
  if (record.status === 'failed')
    return postOnce(post, key, to, exportFailedBlocks({ ...description, reason: record.failure ?? 'unknown' }));
  const expiresAt = record.expiresAt ?? new Date(deps.now().getTime() + EXPORT_LINK_LIFETIME_MS);
  const ready = { ...description, rows: record.rows ?? 0, bytes: record.bytes ?? 0, expiresAt };
  const { baseUrl, keys } = deps.exportLinks;
  if (baseUrl !== undefined && keys[0]) {
    const claims = { exportId: record._id, requester: to, expires: Math.floor(expiresAt.getTime() / 1000) };
    return postOnce(post, key, to, exportReadyBlocks({ ...ready, url: exportLinkUrl(baseUrl, keys[0], claims) }));
  }
  const file = await openExportFile(deps.store, record._id);
  if (!file) return { state: 'not_sent', reason: 'the file was deleted before it could be sent' };
  const chunks: Buffer[] = [];
  for await (const chunk of file.stream) chunks.push(chunk as Buffer);
  return uploadOnce(post, key, to, {
    filename: record.filename,
    title: record.filename,
    bytes: Buffer.concat(chunks),
    comment: exportReadyBlocks(ready).text,
  });
}
