import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { recordAudit } from '../record-audit.js';
import type { Store } from '../store.js';
import { openExportFile } from './export-file-store.js';
import { exportLinkSigned } from './export-links.js';
import { findExport, isExportId } from './export-repository.js';
import { exportActor } from './write-export.js';

/** The query of a download link, as it must be. */
const linkQuery = z.object({
  expires: z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
  sig: z.string().regex(/^[0-9a-f]{64}$/),
});

export type ExportDownload =
  { ok: true; filename: string; length: number; stream: Readable } | { ok: false; reason: string };

/** Refusals, in plain text: the person reads them in a browser tab. */
const REFUSED = {
  tampered: 'This download link is not valid: it was changed or cut short. Use the link in your Slack DM as it is.',
  expired: 'This download link has expired. Run /ub export again for a fresh file.',
  deleted: 'This file has been deleted (export files are kept for 24 hours). Run /ub export again for a fresh file.',
  failed: 'This export did not finish, so there is no file to download.',
};

/**
 * Checks a download link (signature over id, requester and expiry, in constant time; then the
 * expiry) and opens the file, auditing the download as the requester's through their link.
 */
export async function openExportDownload(
  env: { store: Store; keys: readonly Buffer[]; now: () => Date },
  link: { id: string; query: URLSearchParams; from: string | undefined },
): Promise<ExportDownload> {
  const query = linkQuery.safeParse({ expires: link.query.get('expires'), sig: link.query.get('sig') });
  if (!isExportId(link.id) || !query.success) return { ok: false, reason: REFUSED.tampered };
  const record = await findExport(env.store, link.id);
  // An id nobody made is a changed link, like a bad signature (it tells nothing about which ids exist).
  if (!record) return { ok: false, reason: REFUSED.tampered };
  const claims = { exportId: record._id, requester: record.requester.slackUserId, expires: query.data.expires };
  if (!exportLinkSigned(env.keys, claims, query.data.sig)) return { ok: false, reason: REFUSED.tampered };
  if (query.data.expires * 1000 <= env.now().getTime()) return { ok: false, reason: REFUSED.expired };
  if (record.status === 'failed') return { ok: false, reason: REFUSED.failed };
  const file = record.status === 'deleted' ? undefined : await openExportFile(env.store, record._id);
  if (!file) return { ok: false, reason: REFUSED.deleted };
  const ctx: ServiceContext = {
    store: env.store,
    orgId: record.orgId,
    actor: exportActor(record),
    source: 'link',
    now: env.now,
    requestId: `download-${randomUUID()}`,
  };
  await recordAudit(ctx, {
    action: 'export.downloaded',
    targetType: 'export',
    targetId: record._id,
    subjects: [],
    after: {
      report: record.report,
      rows: record.rows ?? 0,
      bytes: file.length,
      ...(link.from ? { from: link.from } : {}),
    },
  });
  return { ok: true, filename: record.filename, length: file.length, stream: file.stream };
}
