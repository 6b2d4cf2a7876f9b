import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { emailSchema } from '../email.js';
import { UbError } from '../errors.js';
import type { Role } from '../domain.js';

/** Udemy Business's CSV import limit is 1 MB; ub takes bigger files, up to these. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

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

/**
 * Reads an import file: UTF-8 (a BOM is fine), comma, semicolon or tab separated (told apart by the
 * header), the Udemy Business columns. A problem with the file as a whole (too big, not text, not
 * UTF-8, a wrong header, too many rows) is thrown, naming it; a bad row is listed with its reason
 * and the others are kept.
 */
export function readImportCsv(bytes: Buffer): { rows: ImportRow[]; problems: RowProblem[] } {
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new UbError(
      'invalid_input',
      `The file is ${(bytes.length / 1048576).toFixed(1)} MB: imports take up to 20 MB.`,
    );
  const text = decodeUtf8(bytes);
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = ([',', ';', '\t'] as const).find((d) => splitHeader(firstLine, d).includes('email'));
  if (!delimiter) throw wrongHeader(firstLine);
  const header = splitHeader(firstLine, delimiter);
  const unknown = header.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0 || new Set(header).size !== header.length) throw wrongHeader(firstLine);
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      delimiter,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    throw new UbError('invalid_input', `The file is not a readable CSV: ${(error as Error).message}`);
  }
  const data = records.slice(1);
  if (data.length > MAX_IMPORT_ROWS)
    throw new UbError(
      'invalid_input',
      `The file has ${data.length.toLocaleString('en-US')} rows: an import takes up to ${MAX_IMPORT_ROWS.toLocaleString('en-US')}. Split it.`,
    );
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];
  data.forEach((cells, i) => {
    const row = i + 2;
    const byColumn = Object.fromEntries(header.map((column, c) => [column, cells[c]])) as Partial<
      Record<ImportColumn, string>
    >;
    if (cells.length > header.length) {
      problems.push({ row, email: byColumn.email ?? '', reason: `${cells.length} cells for ${header.length} columns` });
      return;
    }
    const parsed = rowSchema.safeParse(byColumn);
    if (!parsed.success) {
      problems.push({ row, email: byColumn.email?.trim() ?? '', reason: rowReason(parsed.error.issues[0]) });
      return;
    }
    rows.push({
      row,
      email: parsed.data.email,
      role: parsed.data.role,
      groups: parsed.data.groups,
      groupAdminFor: parsed.data['group admin for'],
      pro: parsed.data.license,
    });
  });
  return { rows, problems };
}

/** "email is not a valid email address", "role “boss” is not …": the cell named when zod's message does not. */
function rowReason(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'not readable';
  const column = issue.path[0];
  return column === 'email' && issue.message.startsWith('is ') ? `the email ${issue.message}` : issue.message;
}

function splitHeader(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((h) =>
    h
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toLowerCase(),
  );
}

function wrongHeader(firstLine: string): UbError {
  return new UbError(
    'invalid_input',
    `The first row must name the columns: \`email\` and any of \`role\`, \`groups\`, \`group admin for\`, \`license\` (comma, semicolon or tab separated). It reads: “${firstLine.slice(0, 120)}”.`,
  );
}

/** The text of a UTF-8 file; anything else (Latin-1 bytes in a UTF-8 file, a spreadsheet's binary format) is refused. */
function decodeUtf8(bytes: Buffer): string {
  if (bytes.includes(0))
    throw new UbError(
      'invalid_input',
      'The file is not a CSV text file (it holds binary data). Save it as “CSV UTF-8”.',
    );
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UbError(
      'invalid_input',
      'The file is not UTF-8 (some characters are in another encoding). Save it as “CSV UTF-8” and share it again.',
    );
  }
}
