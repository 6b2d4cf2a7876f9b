import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { UbError } from '../errors.js';
import type { AuditEntryDoc } from '../models/audit-entry.js';
import { personKey } from '../domain.js';
import { describeAuditEntries, type AuditLogEntry } from './audit-repository.js';

export type { AuditLogEntry } from './audit-repository.js';
import { groupNameKey } from '../models/group.js';
import { parseEmail } from '../email.js';

export interface AuditLogPage {
  /** Whose entries, as resolved: an email or a group's name; undefined for the whole log. */
  subject: { kind: 'person' | 'group'; label: string } | undefined;
  entries: AuditLogEntry[];
  /** Names of the groups the entries mention (target, subjects, before/after), by id; deleted groups are absent. */
  groupNames: Record<string, string>;
  /** Cursors for the neighbouring pages (opaque text), when they exist. */
  next: string | undefined;
  previous: string | undefined;
}

export const MAX_AUDIT_PAGE = 50;

/**
 * The audit log, newest first (by `at`, then `_id`), keyset-paged with opaque cursors: `after`
 * for older entries, `before` for newer ones. `subject` narrows it to one person (an email) or
 * one group (by name). Admins only.
 */
export async function listAuditEntries(
  ctx: ServiceContext,
  input: { subject?: string; after?: string; before?: string; limit: number },
): Promise<AuditLogPage> {
  assertCan(ctx.actor, 'audit.view');
  if (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > MAX_AUDIT_PAGE) {
    throw new UbError('invalid_input', `A page holds 1 to ${MAX_AUDIT_PAGE} entries.`);
  }
  const { subject, filter: subjectFilter } = await resolveSubject(ctx, input.subject);
  /** The organization's entries, of the subject when there is one, matching `extra`. */
  const where = (extra?: Record<string, unknown>) => {
    const clauses = [subjectFilter, extra].filter((c): c is Record<string, unknown> => c !== undefined);
    return { orgId: ctx.orgId, ...(clauses.length > 0 ? { $and: clauses } : {}) };
  };
  const model = ctx.store.auditEntries;

  let docs: AuditEntryDoc[];
  let hasOlder: boolean;
  let hasNewer: boolean;
  if (input.before !== undefined) {
    const cursor = decodeCursor(input.before);
    const found = await model
      .find(where(newerThan(cursor)))
      .sort({ at: 1, _id: 1 })
      .limit(input.limit + 1)
      .lean()
      .exec();
    hasNewer = found.length > input.limit;
    docs = found.slice(0, input.limit).reverse();
    hasOlder =
      (await model
        .findOne(where({ $nor: [newerThan(cursor)] }))
        .select({ _id: 1 })
        .lean()
        .exec()) !== null;
  } else {
    const cursor = input.after !== undefined ? decodeCursor(input.after) : undefined;
    const found = await model
      .find(where(cursor ? olderThan(cursor) : undefined))
      .sort({ at: -1, _id: -1 })
      .limit(input.limit + 1)
      .lean()
      .exec();
    hasOlder = found.length > input.limit;
    docs = found.slice(0, input.limit);
    const newest = docs[0] ? { at: docs[0].at, id: docs[0]._id } : cursor;
    hasNewer =
      cursor !== undefined &&
      newest !== undefined &&
      (await model
        .findOne(where(newerThan(newest)))
        .select({ _id: 1 })
        .lean()
        .exec()) !== null;
  }

  const { entries, groupNames } = await describeAuditEntries(ctx.store, ctx.orgId, docs);
  const first = docs[0];
  const last = docs.at(-1);
  return {
    subject,
    entries,
    groupNames,
    next: hasOlder && last ? encodeCursor({ at: last.at, id: last._id }) : undefined,
    previous: hasNewer && first ? encodeCursor({ at: first.at, id: first._id }) : undefined,
  };
}

async function resolveSubject(
  ctx: ServiceContext,
  raw: string | undefined,
): Promise<{ subject: AuditLogPage['subject']; filter: Record<string, unknown> | undefined }> {
  const text = raw?.trim();
  if (!text) return { subject: undefined, filter: undefined };
  if (text.includes('@')) {
    const email = parseEmail(text);
    // Invitations and users share the `<orgId>:<email>` id, so one targetId covers both.
    return {
      subject: { kind: 'person', label: email },
      filter: { $or: [{ subjects: email }, { targetId: personKey(ctx.orgId, email) }] },
    };
  }
  if (text.length > 200) throw new UbError('invalid_input', 'A group name is at most 200 characters.');
  const entry = await ctx.store.groupNames.findById(groupNameKey(ctx.orgId, text)).lean().exec();
  if (!entry)
    throw new UbError(
      'not_found',
      `No group named “${text}”, and it is not an email address. \`/ub group list\` shows the groups.`,
    );
  const group = await ctx.store.groups.findById(entry.groupId).select({ name: 1 }).lean().exec();
  return {
    subject: { kind: 'group', label: group?.name ?? text },
    filter: { $or: [{ subjects: entry.groupId }, { targetId: entry.groupId }] },
  };
}

interface Cursor {
  at: Date;
  id: string;
}

function olderThan(c: Cursor): Record<string, unknown> {
  return { $or: [{ at: { $lt: c.at } }, { at: c.at, _id: { $lt: c.id } }] };
}

function newerThan(c: Cursor): Record<string, unknown> {
  return { $or: [{ at: { $gt: c.at } }, { at: c.at, _id: { $gt: c.id } }] };
}

function encodeCursor(c: Cursor): string {
  return `${c.at.getTime()}_${c.id}`;
}

function decodeCursor(text: string): Cursor {
  const match = /^(\d{1,15})_(.{1,100})$/.exec(text);
  if (!match) throw new UbError('invalid_input', 'This page link is out of date. Run `/ub audit` again.');
  return { at: new Date(Number(match[1])), id: match[2]! };
}
