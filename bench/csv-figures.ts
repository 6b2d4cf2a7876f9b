import { applyImportPage } from '../src/services/import-apply.js';
import { planImport } from '../src/services/import-plan.js';
import { readImportCsv } from '../src/services/imports/read-import-csv.js';
import type { ServiceContext } from '../src/services/context.js';
import { appExportFigures, type AfterExport } from './app-export-figures.js';
import type { BenchEngine } from './engines.js';

type Figure = (what: string, value: string) => void;

const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '100000').split(',').filter(Boolean).map(Number);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);

/**
 * Issue 11's figures on one engine: at each size of BENCH_EXPORT_SIZES (100,000 by default; add
 * 1000000 for the million), `/ub export users` through Slack to `npm start` in a process of its own
 * (rows a second from request to DM, and that process's RSS: appExportFigures); then, on the first
 * size's organization once the app has stopped, an import of BENCH_IMPORT_ROWS rows (10,000; 0 for
 * none): dry run and apply, in the bench process.
 */
export async function csvFigures(engine: BenchEngine, figure: Figure): Promise<void> {
  for (const [n, users] of SIZES.entries()) {
    const importAfter: AfterExport | undefined =
      n === 0 && IMPORT_ROWS > 0
        ? ({ ctx, seeded }) => importFigures(ctx, seeded.emails, seeded.groupNames[0]!, IMPORT_ROWS, figure)
        : undefined;
    await appExportFigures(engine, users, figure, importAfter);
  }
}

/**
 * An import of `rows` rows (half existing people added to a group, half new people invited into
 * it): the dry run (read + plan) and the apply (the job's pages of 100, one after the other).
 */
export async function importFigures(
  ctx: ServiceContext,
  existing: string[],
  groupName: string,
  rows: number,
  figure: Figure,
): Promise<void> {
  const emails = [
    ...existing.slice(0, rows / 2),
    ...Array.from({ length: rows / 2 }, (_, i) => `imported${i}@import.example.com`),
  ];
  const csv = Buffer.from(['email,groups', ...emails.map((e) => `${e},${groupName}`)].join('\n'));
  let started = performance.now();
  const read = readImportCsv(csv);
  const plan = await planImport(ctx, { ...read, fileName: 'bench.csv', authoritative: false });
  let seconds = (performance.now() - started) / 1000;
  figure(
    `import ${rows.toLocaleString('en-US')} rows: dry run (read + plan)`,
    `${(rows / seconds).toFixed(0)} rows/s (${seconds.toFixed(1)} s; ${plan.counts.invite} to invite, ${plan.counts.update} to update)`,
  );
  started = performance.now();
  let done = 0;
  for (let first = 0; first < plan.items.length; first += 100) {
    const page = {
      key: `bench-import:p${String(first / 100).padStart(4, '0')}`,
      runId: 'bench-import',
      items: plan.items.slice(first, first + 100),
    };
    done += (await applyImportPage(ctx, plan.input, page)).filter((o) => o.status === 'done').length;
  }
  seconds = (performance.now() - started) / 1000;
  figure(
    `import ${rows.toLocaleString('en-US')} rows: apply (pages of 100)`,
    `${(rows / seconds).toFixed(0)} rows/s (${seconds.toFixed(1)} s; ${done.toLocaleString('en-US')} applied)`,
  );
}
