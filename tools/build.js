// `npm start`, `npm run jest` and `npm run bench` build through this script: tsc compiles only what
// changed (incremental build info in dist/), and is not started at all when no input is newer than
// the last build. Plain JavaScript: it must run before anything is compiled.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
/** What tsconfig.build.json compiles, and what changes how it compiles. */
const inputs = ['src', 'bench', 'test/support', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];

/** The newest modification time under `file`; a folder's own time counts, so a deleted file is seen too. */
function newest(file) {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(file)) latest = Math.max(latest, newest(path.join(file, entry)));
  return latest;
}

const force = process.argv.includes('--force');
const latestInput = Math.max(...inputs.map((input) => newest(path.join(root, input))));
if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= latestInput) process.exit(0);

const started = new Date();
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const build = spawnSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', 'dist/.tsbuildinfo'],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);
// Stamped with the time the build started: a file saved during the build is newer, so it is built next time.
writeFileSync(stamp, '');
utimesSync(stamp, started, started);
