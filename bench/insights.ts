import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgresEngine, startSqliteEngine } from './engines.js';
import { insightsFigures } from './insights-figures.js';

/**
 * `npm run bench:insights`: issue 10's figures alone (`npm run bench` includes them), per engine.
 * BENCH_ENGINES=sqlite,postgresql; BENCH_INSIGHTS_SIZES=10000,100000,1000000.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main(): Promise<void> {
  const engines = process.env.BENCH_ENGINES?.split(',') ?? ['sqlite', 'postgresql'];
  const sizes = (process.env.BENCH_INSIGHTS_SIZES ?? '10000,100000,1000000').split(',').filter(Boolean).map(Number);
  const rows: string[] = [];
  for (const name of engines) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    try {
      await insightsFigures(engine, sizes, (what, value) => {
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
