import { describe, expect, it } from '@jest/globals';
import { readImportCsv } from '../../../src/services/imports/read-import-csv.js';

const problemOf = (text: string | Buffer) => {
  try {
    readImportCsv(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('readImportCsv', () => {
  it('reads comma, semicolon and tab files alike, with a BOM and any case in the header', () => {
    for (const [d, groups] of [
      [',', '"A;B"'],
      [';', '"A;B"'],
      ['\t', 'A;B'],
    ] as const) {
      const text = `\uFEFFEmail${d}Groups${d}License${d}Role\nAnn@Example.com${d}${groups}${d}PRO${d}group admin\n`;
      expect(readImportCsv(Buffer.from(text))).toEqual({
        rows: [
          { row: 2, email: 'ann@example.com', role: 'group_admin', groups: ['A', 'B'], groupAdminFor: [], pro: true },
        ],
        problems: [],
      });
    }
  });

  it('keeps quotes, new lines and formulas inside cells as text, and blank lines out', () => {
    const { rows, problems } = readImportCsv(
      Buffer.from('email,groups\n\n"ann@example.com","=HYPERLINK(""x""), ""Q""\nline two"\r\n'),
    );
    expect(problems).toEqual([]);
    expect(rows[0]?.groups).toEqual(['=HYPERLINK("x"), "Q"\nline two']);
  });

  it('lists bad rows with their line and reason and keeps the good ones', () => {
    const { rows, problems } = readImportCsv(
      Buffer.from(
        'email,role,license\nok@example.com,,\nnope,,\nx@example.com,boss,\ny@example.com,,gold\nz@example.com,user,,extra\n',
      ),
    );
    expect(rows.map((r) => r.email)).toEqual(['ok@example.com']);
    expect(problems).toEqual([
      { row: 3, email: 'nope', reason: 'the email is not a valid email address' },
      { row: 4, email: 'x@example.com', reason: 'role “boss” is not user, admin or group admin' },
      { row: 5, email: 'y@example.com', reason: 'license “gold” is not standard or pro' },
      { row: 6, email: 'z@example.com', reason: '4 cells for 3 columns' },
    ]);
  });

  it('refuses a wrong header naming the expected columns', () => {
    expect(problemOf('mail,groups\na@example.com,x\n')).toMatch(
      /`email` and any of `role`, `groups`, `group admin for`, `license`/,
    );
    expect(problemOf('email,department\na@example.com,x\n')).toContain('It reads: “email,department”');
  });

  it('refuses a file that is not UTF-8, a binary file, and one with more than 100,000 rows', () => {
    expect(problemOf(Buffer.from('email\nrené@example.com\n', 'latin1'))).toContain('not UTF-8');
    expect(problemOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toContain('binary');
    const big = `email\n${Array.from({ length: 100_001 }, (_, i) => `p${i}@example.com`).join('\n')}\n`;
    expect(problemOf(big)).toContain('100,001 rows');
  });
});
