import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FakeSlack } from './fake-slack/index.js';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The repository root, whether this runs from test/support (Jest) or compiled into dist/test/support (bench). */
const rootDir = path.basename(here) === 'dist' ? path.dirname(here) : here;

/** A port nobody listens on right now, for a child process that cannot report the one it picked. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * `npm start` as a newcomer runs it: the built app (what `npm start` runs after building) in a
 * child process with only the environment given (plus PATH and HOME), its output collected.
 */
export class UbProcess {
  private text = '';
  /** Settles once the process has exited and its output is all read. */
  readonly ended: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.text += chunk.toString()));
    this.ended = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  }

  /** `nodeArgs`: Node or V8 options before the script (a bench trying a heap setting). */
  static start(env: Record<string, string>, cwd: string, nodeArgs: string[] = []): UbProcess {
    const child = spawn(process.execPath, [...nodeArgs, path.join(rootDir, 'dist/src/main.js')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new UbProcess(child);
  }

  /** Everything the process printed so far, stdout and stderr together. */
  get output(): string {
    return this.text;
  }

  /** Resolves when the output matches; rejects, with the output, on timeout or if the process ends first. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const timer = setInterval(() => {
        if (pattern.test(this.text)) {
          clearInterval(timer);
          resolve();
        } else if (Date.now() - started > timeoutMs || this.child.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`no ${pattern} in output:\n${this.text}`));
        }
      }, 50);
    });
  }

  /** Sends the signal (unless the process has ended) and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.ended;
  }
}

export interface StartedUb {
  ub: UbProcess;
  port: number;
  dataDir: string;
  /** Kills the process if it still runs and removes its data folder. */
  cleanup(): Promise<void>;
}

/**
 * `npm start` with what the README asks for (the signing secret and bot token, plus `env`), its
 * Slack API pointed at the fake, on a free port and the embedded FerretDB in a throw-away folder;
 * resolves once it says it is listening.
 */
export async function startUb(
  fake: FakeSlack,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<StartedUb> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ub-start-'));
  const port = await freePort();
  const ub = UbProcess.start(
    {
      SLACK_SIGNING_SECRET: 'start-secret',
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      UB_DATA_DIR: dataDir,
      UB_EMBEDDED_DB: 'ferretdb',
      ...env,
    },
    dataDir,
    nodeArgs,
  );
  const cleanup = async () => {
    await ub.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ub.waitForOutput(/ub listening on port/, 60_000);
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { ub, port, dataDir, cleanup };
}
