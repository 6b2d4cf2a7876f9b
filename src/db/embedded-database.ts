import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import path from 'node:path';

/**
 * The database `npm start` and the tests use when MONGODB_URI is unset.
 *
 * A real mongod (through mongodb-memory-server) where one is installed or can be downloaded,
 * otherwise FerretDB on SQLite built from tools/ferretdb. This is the only module that knows
 * which server is behind the URI.
 */
export type EmbeddedEngine = 'mongod' | 'ferretdb-sqlite';

export interface EmbeddedDatabase {
  uri: string;
  engine: EmbeddedEngine;
  dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  /** Repository root: where tools/ferretdb and .tools/ live. */
  rootDir: string;
  /** Folder for the database files; kept between runs. */
  dataDir: string;
  /** `auto` tries mongod first, then FerretDB. */
  prefer?: 'auto' | 'mongod' | 'ferretdb';
  /** FerretDB's port; 0 (the default) picks a free one. */
  port?: number;
  /**
   * False starts FerretDB without tools/ferretdb's write front (`-serialize-writes=false`), as a bare
   * FerretDB server is: only for tests that show what the front prevents, and that ub refuses it.
   */
  writeFront?: boolean;
  log: (line: string) => void;
}

/** How long a failed mongod download is remembered before trying again. */
const MONGOD_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export async function startEmbeddedDatabase(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const prefer = options.prefer ?? 'auto';
  if (prefer !== 'ferretdb') {
    const mongod = await tryStartMongod(options);
    if (mongod) return mongod;
    if (prefer === 'mongod') throw new Error('mongod could not be started or downloaded on this machine');
  }
  return startFerretdb(options);
}

async function tryStartMongod(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase | undefined> {
  const marker = path.join(options.rootDir, '.tools', 'mongod-unavailable');
  if (existsSync(marker) && Date.now() - statSync(marker).mtimeMs < MONGOD_RETRY_AFTER_MS) return undefined;
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const dbPath = path.join(options.dataDir, 'mongod');
  mkdirSync(dbPath, { recursive: true });
  try {
    const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
    options.log(`embedded database: mongod (mongodb-memory-server), files in ${dbPath}`);
    return {
      uri: server.getUri(),
      engine: 'mongod',
      dataDir: dbPath,
      stop: async () => {
        await server.stop({ doCleanup: false });
      },
    };
  } catch (error) {
    mkdirSync(path.dirname(marker), { recursive: true });
    writeFileSync(marker, `${new Date().toISOString()} ${(error as Error).message}\n`);
    options.log(`embedded database: no mongod here (${firstLine(error)}); using FerretDB`);
    return undefined;
  }
}

async function startFerretdb(options: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const binary = await ensureFerretdbBinary(options.rootDir, options.log);
  const dataDir = path.join(options.dataDir, 'ferretdb');
  mkdirSync(dataDir, { recursive: true });
  const args = ['-listen', `127.0.0.1:${options.port ?? 0}`, '-handler', 'sqlite', '-dir', dataDir];
  if (options.writeFront === false) args.push('-serialize-writes=false');
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const uri = await waitForListening(child);
  options.log(`embedded database: FerretDB on SQLite, files in ${dataDir}`);
  return { uri: ferretdbClientUri(uri), engine: 'ferretdb-sqlite', dataDir, stop: () => stopChild(child) };
}

/**
 * The URI clients use for a FerretDB server started by tools/ferretdb: database `ub`, and the
 * driver's ordinary connection pool. The program's write front runs write commands one at a time
 * across all connections, which keeps FerretDB's single-document updates atomic
 * (docs/decisions/005-ferretdb-write-front.md).
 */
export function ferretdbClientUri(listening: string): string {
  return `${listening.replace(/\/$/, '')}/ub`;
}

/** Builds tools/ferretdb into .tools/bin unless an up-to-date binary is already there. */
export async function ensureFerretdbBinary(rootDir: string, log: (line: string) => void): Promise<string> {
  const sourceDir = path.join(rootDir, 'tools', 'ferretdb');
  const binary = path.join(rootDir, '.tools', 'bin', 'ferretdb');
  const sources = readdirSync(sourceDir)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .map((f) => path.join(sourceDir, f));
  const newestSource = Math.max(...sources.map((f) => statSync(f).mtimeMs));
  if (existsSync(binary) && statSync(binary).mtimeMs >= newestSource) return binary;

  log('embedded database: building FerretDB from tools/ferretdb (first start only, takes a few minutes)…');
  mkdirSync(path.dirname(binary), { recursive: true });
  await run('go', ['build', '-o', binary, '.'], sourceDir);
  log(`embedded database: FerretDB built at ${binary}`);
  return binary;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) =>
      reject(new Error(`cannot run ${command} (${error.message}); install Go or set MONGODB_URI`)),
    );
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      // Keep only the tail: FerretDB's warnings are useful only when start-up fails.
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`FerretDB did not start within 30 s: ${stderr}`));
    }, 30_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = /^listening (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`FerretDB exited with ${code}: ${stderr}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
