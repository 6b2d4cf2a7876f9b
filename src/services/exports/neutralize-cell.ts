/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"): `=`, `+`,
 * `-`, `@`, tab and carriage return at the start of a cell.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet shows as text: one that would start a formula gets a leading `'`, as OWASP
 * recommends (Excel and LibreOffice then show the text as it is). The CSV writer quotes the cell
 * and doubles its quotes when needed, so a quote or a separator inside it cannot break out.
 */
export function neutralizeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A date as ISO 8601 in UTC (`2026-11-25T10:00:00.000Z`), or an empty cell. */
export function isoCell(date: Date | undefined | null): string {
  return date ? date.toISOString() : '';
}
