import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appExportFigures, type AfterExport } from './app-export-figures.js';
import { importFigures } from './csv-figures.js';
import { startPostgresEngine, startSqliteEngine } from './engines.js';

/**
 * `npm run bench:csv`: at each size of BENCH_EXPORT_SIZES (100,000 by default; add 1000000 for the
 * million), `/ub export users` through Slack to `npm start` in a process of its own: rows a second
 * from request to DM and that process's peak RSS; then, on the first size's organization, a
 * 10,000-row import (dry run and apply) in the bench process. On each engine of BENCH_ENGINES,
 * each figure labelled with its engine.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SIZES = (process.env.BENCH_EXPORT_SIZES ?? '100000').split(',').filter(Boolean).map(Number);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const name of process.env.BENCH_ENGINES?.split(',') ?? ['postgresql', 'sqlite']) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    const figure = (what: string, value: string) => {
      rows.push(`| ${engine.label} | ${what} | ${value} |`);
      console.log(rows.at(-1));
    };
    try {
      for (const [n, users] of SIZES.entries()) {
        // The import once per engine, into the first size's organization, once the app has stopped.
        const importAfter: AfterExport | undefined =
          n === 0 && IMPORT_ROWS > 0
            ? ({ ctx, seeded }) => importFigures(ctx, seeded.emails, seeded.groupNames[0]!, IMPORT_ROWS, figure)
            : undefined;
        await appExportFigures(engine, users, figure, importAfter);
      }
    } finally {
      await engine.stop();
    }
  }
  console.log(['\n| engine | measure | result |', '|---|---|---|', ...rows].join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
