import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineFloorFigures } from './engine-floor-figures.js';
import { startPostgresEngine, startSqliteEngine } from './engines.js';

/**
 * `npm run bench:floor`: what one statement costs each engine, on person-like documents
 * (`npm run bench` includes it). BENCH_ENGINES=sqlite,postgresql; BENCH_FLOOR_PEOPLE=100000.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const engines = process.env.BENCH_ENGINES?.split(',') ?? ['sqlite', 'postgresql'];
  const people = Number(process.env.BENCH_FLOOR_PEOPLE ?? 100_000);
  const rows: string[] = [];
  for (const name of engines) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    try {
      await engineFloorFigures(engine, people, (what, value) => {
        rows.push(`| ${engine.label} | ${what} | ${value} |`);
        console.log(`  ${engine.label} | ${what}: ${value}`);
      });
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
