import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engineFloorFigures } from './engine-floor-figures.js';
import { figuresPerEngine } from './engines.js';

/**
 * `npm run bench:floor`: what one statement costs each engine, on person-like documents
 * (`npm run bench` includes it). BENCH_ENGINES=sqlite,postgresql; BENCH_FLOOR_PEOPLE=100000.
 */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const people = Number(process.env.BENCH_FLOOR_PEOPLE ?? 100_000);

figuresPerEngine(rootDir, (engine, figure) => engineFloorFigures(engine, people, figure)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
