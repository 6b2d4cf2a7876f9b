import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { figuresPerEngine } from './engines.js';
import { insightsFigures } from './insights-figures.js';

/**
 * `npm run bench:insights`: issue 10's figures alone (`npm run bench` includes them), per engine.
 * BENCH_ENGINES=sqlite,postgresql; BENCH_INSIGHTS_SIZES=10000,100000,1000000.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sizes = (process.env.BENCH_INSIGHTS_SIZES ?? '10000,100000,1000000').split(',').filter(Boolean).map(Number);

figuresPerEngine(rootDir, (engine, figure) => insightsFigures(engine, sizes, figure)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
