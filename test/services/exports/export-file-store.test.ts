import { Readable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { stringify } from 'csv-stringify';
import { openExportFile, writeExportFile } from '../../../src/services/exports/export-file-store.js';
import { neutralizeCell } from '../../../src/services/exports/neutralize-cell.js';
import { refusal, useTestDatabase } from '../../support/use-test-database.js';

const db = useTestDatabase();
const ID = '0123456789abcdef01234567';

function rows(count: number, failAt?: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < count; i += 1) {
        if (i === failAt) throw new Error('the cursor broke');
        yield [`person${i}@example.com`, 'x'.repeat(200)];
      }
    })(),
  );
}

const chunks = () => db.store.connection.db!.collection('export_files.chunks').countDocuments({});

describe('export files in GridFS', () => {
  it('keep a file of several chunks whole, and read it back byte for byte', async () => {
    const size = await writeExportFile(db.store, ID, 'a.csv', [rows(5_000), stringify({ bom: true })]);
    expect(size).toBeGreaterThan(1_000_000);
    expect(await chunks()).toBeGreaterThan(3);
    const file = (await openExportFile(db.store, ID))!;
    const parts: Buffer[] = [];
    for await (const part of file.stream) parts.push(part as Buffer);
    const bytes = Buffer.concat(parts);
    expect(bytes.length).toBe(size);
    expect(bytes.toString('utf8').split('\n')[4_999]).toMatch(/^person4999@example.com,x+$/);
  });

  it('leave nothing behind when the rows fail midway, not even the earlier file of the same export', async () => {
    const error = await refusal(writeExportFile(db.store, ID, 'a.csv', [rows(5_000, 3_000), stringify()]));
    expect(error?.message).toBe('the cursor broke');
    expect(await openExportFile(db.store, ID)).toBeUndefined();
    expect(await chunks()).toBe(0);
  });
});

describe('neutralizeCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with an apostrophe', (cell) => {
    expect(neutralizeCell(cell)).toBe(`'${cell}`);
  });

  it.each(['Ann', 'a=b', '1-2', "'=already text", ''])('leaves %j as it is', (cell) => {
    expect(neutralizeCell(cell)).toBe(cell);
  });
});
