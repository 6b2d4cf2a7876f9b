import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** What every process of a contention run does to one document. */
export interface ContentionTask {
  uri: string;
  dbName: string;
  collection: string;
  documentId: string;
  /** `take-seat`: a guarded findOneAndUpdate ({seatsFree: {$gt: 0}}, $inc -1); `inc`: $inc of `hits`. */
  kind: 'take-seat' | 'inc';
  /** Operations this process fires at once. */
  operations: number;
  /** Its connection pool (each process has its own, as each replica of ub does). */
  maxPoolSize: number;
}

export interface ContentionResult {
  /** Seats granted, or updates the server said it applied. */
  succeeded: number;
  ms: number;
}

/**
 * Runs `processes` separate Node processes (test/support/contention-worker.ts, compiled in dist/),
 * each with its own pool, against one document, started together. Needs `npm run build` first,
 * which `npm run jest` and `npm run bench` do.
 */
export async function runContention(
  rootDir: string,
  processes: number,
  task: ContentionTask,
): Promise<ContentionResult[]> {
  const worker = path.join(rootDir, 'dist', 'test', 'support', 'contention-worker.js');
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [worker, JSON.stringify(task)], { stdio: ['pipe', 'pipe', 'pipe'] }),
  );
  try {
    const lines = children.map((child) => outputLines(child));
    await Promise.all(lines.map((next) => next()));
    for (const child of children) child.stdin?.write('go\n');
    const results = await Promise.all(lines.map((next) => next()));
    return results.map((line) => JSON.parse(line) as ContentionResult);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** Reads a child's stdout line by line; rejects with its stderr if it exits first. */
function outputLines(child: ChildProcess): () => Promise<string> {
  const queue: string[] = [];
  const waiting: Array<{ resolve: (line: string) => void; reject: (error: Error) => void }> = [];
  let stderr = '';
  let exited: Error | undefined;
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(line);
    else queue.push(line);
  });
  // 'close', not 'exit': every line of its output has been read by then.
  child.on('close', (code) => {
    exited = new Error(`contention worker exited with ${code}: ${stderr}`);
    for (const waiter of waiting.splice(0)) waiter.reject(exited);
  });
  return () =>
    new Promise<string>((resolve, reject) => {
      const line = queue.shift();
      if (line !== undefined) resolve(line);
      else if (exited) reject(exited);
      else waiting.push({ resolve, reject });
    });
}
