import { randomUUID } from 'node:crypto';
import type { ServiceContext } from './context.js';
import type { AuditAction } from './domain.js';
import type { AuditEntryDoc } from './models/audit-entry.js';

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
  const entry: AuditEntryDoc = {
    _id: randomUUID(),
    orgId: ctx.orgId,
    at: ctx.now(),
    actor: { slackUserId: ctx.actor.slackUserId, email: ctx.actor.email, role: ctx.actor.role },
    action: record.action,
    targetType: record.targetType,
    targetId: record.targetId,
    subjects: record.subjects ?? [],
    before: record.before ?? null,
    after: record.after ?? null,
    source: ctx.source,
    requestId: ctx.requestId,
  };
  await ctx.store.auditEntries.create(entry);
}
