import { groupNamesById } from '../groups/group-repository.js';
import type { AuditSource } from '../domain.js';
import type { AuditActor, AuditEntryDoc } from '../models/audit-entry.js';
import type { Store } from '../store.js';

/** Reading the audit log: what `/ub audit` pages through and App Home shows the latest of. */

/**
 * One entry as it was recorded (the raw record, for exports), with the target as a person reads
 * it; views/audit turns it into a sentence.
 */
export interface AuditLogEntry {
  id: string;
  at: Date;
  actor: AuditActor;
  /** An AuditAction, or an action an older or newer version of ub wrote. */
  action: string;
  targetType: string;
  targetId: string;
  /** The target as a person reads it: an email, a group's name, the organization. */
  targetLabel: string;
  subjects: string[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  source: AuditSource;
  /** Entries written by one request (one `/ub group add` of 3 people) share it. */
  requestId: string | undefined;
}

/** The latest entries of an organization, newest first, with the names of the groups they mention. */
export async function latestAuditEntries(
  store: Store,
  orgId: string,
  limit: number,
): Promise<{ entries: AuditLogEntry[]; groupNames: Record<string, string> }> {
  const docs = await store.auditEntries.find({ orgId }).sort({ at: -1, _id: -1 }).limit(limit).lean().exec();
  return describeAuditEntries(store, orgId, docs);
}

/** Entries as records plus how people read their target, and the names of the groups they mention. */
export async function describeAuditEntries(
  store: Store,
  orgId: string,
  docs: AuditEntryDoc[],
): Promise<{ entries: AuditLogEntry[]; groupNames: Record<string, string> }> {
  const names = await groupNamesById(store, mentionedGroupIds(orgId, docs));
  return {
    entries: docs.map((d) => ({
      id: d._id,
      at: d.at,
      actor: {
        slackUserId: d.actor?.slackUserId ?? undefined,
        email: d.actor?.email ?? undefined,
        role: d.actor?.role ?? 'user',
      },
      action: d.action,
      targetType: d.targetType,
      targetId: d.targetId,
      targetLabel: targetLabel(orgId, d, names),
      subjects: d.subjects ?? [],
      before: d.before ?? null,
      after: d.after ?? null,
      source: d.source,
      requestId: d.requestId ?? undefined,
    })),
    groupNames: Object.fromEntries(names),
  };
}

/**
 * Every group id an entry mentions, wherever a service put it (the target, subjects, groupIds
 * and managedGroups in before/after): group ids are `<orgId>:g:<random>`, so any string of that
 * shape is one. At most a page of entries, each a few ids: a few `_id` reads.
 */
function mentionedGroupIds(orgId: string, docs: AuditEntryDoc[]): Set<string> {
  const prefix = `${orgId}:g:`;
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.startsWith(prefix)) found.add(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const d of docs) walk([d.targetId, d.subjects, d.before, d.after]);
  return found;
}

function targetLabel(orgId: string, entry: AuditEntryDoc, groupNames: Map<string, string>): string {
  if (entry.targetType === 'group') return groupNames.get(entry.targetId) ?? 'a deleted group';
  if (entry.targetType === 'organization') return 'the organization';
  return entry.targetId.startsWith(`${orgId}:`) ? entry.targetId.slice(orgId.length + 1) : entry.targetId;
}
