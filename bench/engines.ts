import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, ferretdbClientUri, startEmbeddedDatabase } from '../src/db/embedded-database.js';

export interface BenchEngine {
  /** Label printed next to every figure. */
  label: string;
  /** FerretDB's storage backend. */
  handler: 'sqlite' | 'postgresql';
  uri: string;
  stop(): Promise<void>;
}

export interface EngineOptions {
  /** False: FerretDB without tools/ferretdb's write front, to measure what the front changes. */
  writeFront?: boolean;
}

/** FerretDB on SQLite: the embedded default of `npm start`. */
export async function startSqliteEngine(rootDir: string, options: EngineOptions = {}): Promise<BenchEngine> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ub-bench-sqlite-'));
  const db = await startEmbeddedDatabase({
    rootDir,
    dataDir,
    prefer: 'ferretdb',
    writeFront: options.writeFront ?? true,
    log: (line) => console.log(`  ${line}`),
  });
  return {
    label: 'FerretDB 1.24 / SQLite',
    handler: 'sqlite',
    uri: db.uri,
    stop: async () => {
      await db.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * FerretDB over a throw-away PostgreSQL cluster on loopback. Installs Debian's postgresql when
 * its binaries are missing (the machines run as root, and PostgreSQL refuses to run as root, so
 * the cluster runs as the `postgres` user the package creates).
 */
export async function startPostgresEngine(rootDir: string, options: EngineOptions = {}): Promise<BenchEngine> {
  const bin = postgresBinDir();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ub-bench-pg-'));
  chmodSync(dataDir, 0o777);
  const pgData = path.join(dataDir, 'data');
  const port = await freePort();
  const asPostgres = (command: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args], { stdio: 'pipe' });
  asPostgres('initdb', ['-D', pgData, '-U', 'postgres', '--auth=trust', '--no-sync']);
  asPostgres('pg_ctl', [
    '-D',
    pgData,
    '-w',
    '-l',
    path.join(dataDir, 'pg.log'),
    '-o',
    `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1 -c fsync=off`,
    'start',
  ]);
  asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'ferretdb']);

  const binary = await ensureFerretdbBinary(rootDir, (line) => console.log(`  ${line}`));
  const args = [
    '-listen',
    '127.0.0.1:0',
    '-log-level',
    'error',
    '-handler',
    'postgresql',
    '-postgresql-url',
    `postgres://postgres@127.0.0.1:${port}/ferretdb`,
  ];
  if (options.writeFront === false) args.push('-serialize-writes=false');
  const ferret = spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const uri = await listeningUri(ferret);
  return {
    label: 'FerretDB 1.24 / PostgreSQL 15',
    handler: 'postgresql',
    uri: ferretdbClientUri(uri),
    stop: async () => {
      ferret.kill('SIGTERM');
      await new Promise((resolve) => ferret.once('exit', resolve));
      asPostgres('pg_ctl', ['-D', pgData, '-w', '-m', 'fast', 'stop']);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresBinDir(): string {
  const find = () =>
    ['17', '16', '15', '14']
      .map((v) => `/usr/lib/postgresql/${v}/bin`)
      .find((dir) => existsSync(path.join(dir, 'initdb')));
  let dir = find();
  if (!dir) {
    console.log('  installing PostgreSQL (apt-get install postgresql)…');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    dir = find();
  }
  if (!dir) throw new Error('PostgreSQL binaries not found after installing postgresql');
  return dir;
}

function listeningUri(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`FerretDB exited with ${code}`)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * A bench's main: `measure` on each engine of BENCH_ENGINES (default: `defaults`), one engine at a
 * time, each figure printed as it comes and all of them as one table at the end.
 */
export async function figuresPerEngine(
  rootDir: string,
  measure: (engine: BenchEngine, figure: (what: string, value: string) => void) => Promise<void>,
  defaults: readonly string[] = ['sqlite', 'postgresql'],
): Promise<void> {
  const rows: string[] = [];
  for (const name of process.env.BENCH_ENGINES?.split(',') ?? defaults) {
    const engine = name === 'sqlite' ? await startSqliteEngine(rootDir) : await startPostgresEngine(rootDir);
    try {
      await measure(engine, (what, value) => {
        rows.push(`| ${engine.label} | ${what} | ${value} |`);
        console.log(`  ${engine.label} | ${what}: ${value}`);
      });
    } finally {
      await engine.stop();
    }
  }
  console.log(['\n| engine | measure | result |', '|---|---|---|', ...rows].join('\n'));
}
