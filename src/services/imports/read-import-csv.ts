import { z } from 'zod';
import { emailSchema } from '../email.js';
import { readCsvTable } from './read-csv-table.js';
import type { Role } from '../domain.js';

export { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from './read-csv-table.js';

/** The columns of the Udemy Business CSV import (rules file, "CSV import"), lower case. */
export const IMPORT_COLUMNS = ['email', 'role', 'groups', 'group admin for', 'license'] as const;
type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** One row as the import file says it, parsed. `row` is its line in the file (the header is row 1). */
export interface ImportRow {
  row: number;
  email: string;
  /** Undefined when the cell is blank: new people become users, existing ones keep their role. */
  role: Role | undefined;
  groups: string[];
  groupAdminFor: string[];
  pro: boolean;
}

export interface RowProblem {
  row: number;
  email: string;
  reason: string;
}

const names = (cell: string | undefined) =>
  (cell ?? '')
    .split(';')
    .map((name) => name.trim())
    .filter(Boolean);

const ROLE_WORDS: Record<string, Role> = {
  user: 'user',
  admin: 'admin',
  'group admin': 'group_admin',
  group_admin: 'group_admin',
  groupadmin: 'group_admin',
};

/** A data row's cells by column, parsed: what a row must be, with the reason when it is not. */
const rowSchema = z.object({
  email: z.string({ error: 'the email cell is empty' }).trim().min(1, 'the email cell is empty').pipe(emailSchema),
  role: z
    .string()
    .optional()
    .transform((cell, ctx) => {
      const word = (cell ?? '').trim().toLowerCase();
      if (!word) return undefined;
      const role = ROLE_WORDS[word];
      if (!role) ctx.addIssue({ code: 'custom', message: `role “${cell}” is not user, admin or group admin` });
      return role;
    }),
  groups: z.string().optional().transform(names),
  'group admin for': z.string().optional().transform(names),
  license: z
    .string()
    .optional()
    .transform((cell, ctx) => {
      const word = (cell ?? '').trim().toLowerCase();
      if (word === '' || word === 'standard') return false;
      if (word === 'pro' || word === 'udemy business pro') return true;
      ctx.addIssue({ code: 'custom', message: `license “${cell}” is not standard or pro` });
      return false;
    }),
});

/** The users import file's columns, as Udemy Business names them. */
const USER_COLUMNS = {
  email: ['email'],
  role: ['role'],
  groups: ['groups'],
  'group admin for': ['group admin for'],
  license: ['license'],
} as const satisfies Record<ImportColumn, readonly string[]>;

/**
 * Reads a users import file (readCsvTable: UTF-8, `,` `;` or tab, the Udemy Business columns). A
 * problem with the file as a whole is thrown, naming it; a bad row is listed with its reason and the
 * others are kept.
 */
export function readImportCsv(bytes: Buffer): { rows: ImportRow[]; problems: RowProblem[] } {
  const records = readCsvTable(bytes, {
    columns: USER_COLUMNS,
    key: 'email',
    expected: '`email` and any of `role`, `groups`, `group admin for`, `license`',
  });
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  for (const { row, cells: byColumn, overflow } of records) {
    if (overflow !== undefined) {
      problems.push({ row, email: byColumn.email ?? '', reason: overflow });
      continue;
    }
    const parsed = rowSchema.safeParse(byColumn);
    if (!parsed.success) {
      problems.push({ row, email: byColumn.email?.trim() ?? '', reason: rowReason(parsed.error.issues[0]) });
      continue;
    }
    rows.push({
      row,
      email: parsed.data.email,
      role: parsed.data.role,
      groups: parsed.data.groups,
      groupAdminFor: parsed.data['group admin for'],
      pro: parsed.data.license,
    });
  }
  return { rows, problems };
}

/** "email is not a valid email address", "role “boss” is not …": the cell named when zod's message does not. */
function rowReason(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'not readable';
  const column = issue.path[0];
  return column === 'email' && issue.message.startsWith('is ') ? `the email ${issue.message}` : issue.message;
}
