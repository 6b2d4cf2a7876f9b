import { parse } from 'csv-parse/sync';
import { UbError } from '../errors.js';

/** Udemy Business's CSV import limit is 1 MB; ub takes bigger files, up to these. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;

/** The columns a kind of import file has: each by its name, with the header names it is known by (lower case). */
export interface CsvTableSpec<Column extends string> {
  columns: Record<Column, readonly string[]>;
  /** The column every header must have (its delimiter is told apart by finding it). */
  key: Column;
  /** Header names that are read past (columns of a report that the import has no use for). */
  ignored?: readonly string[];
  /** The expected columns, in words, for a wrong header: "`email` and any of `role`, …". */
  expected: string;
}

/** A data row: its line in the file (the header is row 1), its cells by column, and whether it has too many. */
export interface CsvRecord<Column extends string> {
  row: number;
  cells: Partial<Record<Column, string>>;
  overflow: string | undefined;
}

/**
 * Reads an import file: UTF-8 (a BOM is fine), comma, semicolon or tab separated (told apart by the
 * header), the spec's columns in any order and case. A problem with the file as a whole (too big,
 * not text, not UTF-8, a wrong header naming the expected columns, too many rows) is thrown.
 */
export function readCsvTable<Column extends string>(
  bytes: Buffer,
  spec: CsvTableSpec<Column>,
): Array<CsvRecord<Column>> {
  if (bytes.length > MAX_IMPORT_BYTES)
    throw new UbError(
      'invalid_input',
      `The file is ${(bytes.length / 1048576).toFixed(1)} MB: imports take up to 20 MB.`,
    );
  const text = decodeUtf8(bytes);
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const columnOf = (name: string) =>
    (Object.keys(spec.columns) as Column[]).find((c) => spec.columns[c].includes(name));
  const delimiter = ([',', ';', '\t'] as const).find((d) =>
    splitHeader(firstLine, d).some((h) => columnOf(h) === spec.key),
  );
  if (!delimiter) throw wrongHeader(firstLine, spec);
  const names = splitHeader(firstLine, delimiter);
  const header = names.map((h) => columnOf(h) ?? (spec.ignored?.includes(h) ? null : undefined));
  const known = header.filter((c): c is Column => typeof c === 'string');
  if (header.includes(undefined) || new Set(known).size !== known.length) throw wrongHeader(firstLine, spec);
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
  return data.map((cells, i) => {
    const byColumn: Partial<Record<Column, string>> = {};
    header.forEach((column, c) => {
      if (column) byColumn[column] = cells[c];
    });
    return {
      row: i + 2,
      cells: byColumn,
      overflow: cells.length > header.length ? `${cells.length} cells for ${header.length} columns` : undefined,
    };
  });
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

function wrongHeader(firstLine: string, spec: { expected: string }): UbError {
  return new UbError(
    'invalid_input',
    `The first row must name the columns: ${spec.expected} (comma, semicolon or tab separated). It reads: “${firstLine.slice(0, 120)}”.`,
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
