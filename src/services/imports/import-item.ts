import { z } from 'zod';
import { ROLES } from '../domain.js';

/**
 * One row of an import as the dry run decided it, stored with the run (a bulk run's item) and
 * applied after the Confirm. Groups are kept by id, so a rename meanwhile changes nothing.
 */
export const importItemSchema = z.object({
  row: z.number().int(),
  email: z.string(),
  kind: z.enum(['invite', 'update', 'reactivate', 'unchanged', 'problem']),
  role: z.enum(ROLES).optional(),
  pro: z.boolean(),
  /** Invites: the groups of the invitation. Others: the groups to add them to. */
  addGroupIds: z.array(z.string()),
  removeGroupIds: z.array(z.string()),
  adminOfGroupIds: z.array(z.string()),
  /** Why a row changes nothing or cannot be applied. */
  reason: z.string().optional(),
});
export type ImportItem = z.infer<typeof importItemSchema>;

export const importInputSchema = z.object({
  /** "Groups column is authoritative": people are also removed from groups the file does not list. */
  authoritative: z.boolean(),
  fileName: z.string(),
  /** Every group the run touches, for settling its member counts once it is applied. */
  groupIds: z.array(z.string()),
  /** Group names by id, for the result file and messages. */
  groupNames: z.record(z.string(), z.string()),
  /** The import's one custom message (rules file, "CSV import"), in every invitation it creates and its DM. */
  message: z.string().optional(),
  /** For the invitation DMs: the organization's name and learning site when the import was confirmed. */
  organizationName: z.string().optional(),
  learningUrl: z.string().optional(),
});
export type ImportInput = z.infer<typeof importInputSchema>;

/** The preview file's word for what a row would do. */
const PREVIEW_WORDS: Record<ImportItem['kind'], string> = {
  invite: 'invite',
  update: 'update',
  reactivate: 'reactivate',
  unchanged: 'no change',
  problem: 'problem',
};

/**
 * What the dry run decided for a row, in words for the preview file: the change and its details
 * ("groups: Data Eng; role admin; Pro"), or why it changes nothing or cannot be applied.
 */
export function describeImportRow(
  item: ImportItem,
  groupNames: Readonly<Record<string, string>>,
): { change: string; details: string } {
  const names = (ids: string[]) => ids.map((id) => groupNames[id] ?? 'a group').join('; ');
  if (item.kind === 'problem' || item.kind === 'unchanged')
    return { change: PREVIEW_WORDS[item.kind], details: item.reason ?? 'nothing to change' };
  const parts: string[] = [];
  if (item.addGroupIds.length > 0)
    parts.push(`${item.kind === 'invite' ? 'groups' : 'add to'} ${names(item.addGroupIds)}`);
  if (item.removeGroupIds.length > 0) parts.push(`remove from ${names(item.removeGroupIds)}`);
  if (item.role !== undefined) parts.push(`role ${item.role.replace('_', ' ')}`);
  if (item.pro) parts.push('Pro license');
  if (item.adminOfGroupIds.length > 0) parts.push(`group admin of ${names(item.adminOfGroupIds)}`);
  return { change: PREVIEW_WORDS[item.kind], details: parts.join(', ') };
}
