import { randomUUID } from 'node:crypto';
import type { ServiceContext } from './context.js';
import type { AuditAction } from './domain.js';
import type { AuditEntryDoc } from './models/audit-entry.js';
import { onlyDuplicateKeys } from './errors.js';

export interface AuditRecord {
  action: AuditAction;
  targetType: string;
  targetId: string;
  subjects?: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * Writes one audit entry for a mutation the caller has just made. Services call it right after
 * their single-document atomic update, in the same service operation (FerretDB has no
 * transactions, so "same operation" is the guarantee we can give).
 */
export async function recordAudit(ctx: ServiceContext, record: AuditRecord): Promise<void> {
  await ctx.store.auditEntries.create(auditEntry(ctx, randomUUID(), ctx.now(), record));
}

function auditEntry(ctx: ServiceContext, id: string, at: Date, record: AuditRecord): AuditEntryDoc {
  return {
    _id: id,
    orgId: ctx.orgId,
    at,
    actor: { slackUserId: ctx.actor.slackUserId, email: ctx.actor.email, role: ctx.actor.role },
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    subjects: record.subjects ?? [],
    before: record.before ?? null,
    after: record.after ?? null,
    source: ctx.source,
    requestId: ctx.requestId,
    ...(ctx.approvalRequestId !== undefined ? { approvalRequestId: ctx.approvalRequestId } : {}),
  };
}

/**
 * Writes audit entries whose `_id`s are derived from what they record (`<batch>:<item>:<action>`),
 * each at most once: an entry that is already there (a batch resumed after a crash between its
 * change and its entry) is a duplicate key and is skipped. One round trip for the whole list.
 */
export async function recordAuditOnce(
  ctx: ServiceContext,
  entries: Array<AuditRecord & { id: string }>,
): Promise<void> {
  if (entries.length === 0) return;
  const at = ctx.now();
  const docs = entries.map((record) => auditEntry(ctx, record.id, at, record));
  try {
    // lean: the entries are complete as built, and mongoose's casting costs more than the insert.
    await ctx.store.auditEntries.insertMany(docs, { ordered: false, lean: true });
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
  }
}
