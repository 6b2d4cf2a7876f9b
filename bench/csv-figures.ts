import { requestExport } from '../src/services/exports/request-export.js';
import { writeExport } from '../src/services/exports/write-export.js';
import { applyImportPage } from '../src/services/import-apply.js';
import { planImport } from '../src/services/import-plan.js';
import { readImportCsv } from '../src/services/imports/read-import-csv.js';
import type { ServiceContext } from '../src/services/context.js';
import type { TestApp } from '../test/support/app-harness.js';

type Figure = (what: string, value: string) => void;

/** Peak RSS while `work` runs, sampled every 20 ms, with the RSS before it. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; before: number; peak: number }> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, before, peak };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/**
 * The export job's work (writeExport: cursor → CSV → GridFS) on the seeded organization: rows a
 * second and the process's RSS during it (the bench process holds the seed's address list too, so
 * the growth during the export is what the export costs).
 */
export async function exportFigures(app: TestApp, ctx: ServiceContext, users: number, figure: Figure): Promise<void> {
  const record = await requestExport(ctx, {
    report: 'users',
    requester: ctx.actor.slackUserId ?? 'UBENCH',
    requestKey: `bench-export-${users}-${Date.now()}`,
  });
  const started = performance.now();
  const { result, before, peak } = await withPeakRss(() => writeExport(app.store, record));
  const seconds = (performance.now() - started) / 1000;
  figure(
    `export All users, ${users.toLocaleString('en-US')} people (cursor → csv-stringify → GridFS)`,
    `${(result.rows / seconds).toFixed(0)} rows/s (${result.rows.toLocaleString('en-US')} rows, ${mb(result.bytes)} in ${seconds.toFixed(1)} s); RSS ${mb(before)} before, peak ${mb(peak)} (+${mb(peak - before)})`,
  );
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
