import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvFigures } from './csv-figures.js';
import { figuresPerEngine } from './engines.js';

/** `npm run bench:csv`: the CSV figures alone (csvFigures), on each engine of BENCH_ENGINES. */
const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

figuresPerEngine(rootDir, csvFigures).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
