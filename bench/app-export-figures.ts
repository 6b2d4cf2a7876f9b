import { readFileSync } from 'node:fs';
import type { ServiceContext } from '../src/services/context.js';
import { personKey } from '../src/services/domain.js';
import { exportDms } from '../test/support/exports.js';
import { createUser } from '../test/support/factories.js';
import { killableApp, KILLABLE_ORG as ORG, type KillableApp } from '../test/support/killable-app.js';
import type { BenchEngine } from './engines.js';
import { seedOrganization, type SeededOrganization } from './seed.js';
import { BENCH_ADMIN as ADMIN, waitForIdleJobs } from './timing.js';

type Figure = (what: string, value: string) => void;

const ADMIN_EMAIL = 'bench.admin@bench.example.com';

/**
 * The app as production runs it: `killableApp` gives test settings (jobs polled every 200 ms, locks
 * of 2 s); empty values fall back to the production defaults (5 s polls, 30 s locks). Logs at info, as
 * production does (start waits for its "listening" line).
 */
const PRODUCTION_ENV = { UB_JOB_POLL_MS: '', UB_JOB_LOCK_LIFETIME_MS: '' };

/** Node or V8 options to try on the app alone (e.g. `--optimize-for-size`), without touching `npm start`. */
const NODE_ARGS = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** A process's resident set (VmRSS) and its high-water mark (VmHWM), in bytes, from /proc. */
export function processMemory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => {
    const found = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
    if (!found) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(found[1]) * 1024;
  };
  return { rss: kB('VmRSS'), hwm: kB('VmHWM') };
}

/** Samples the process's VmRSS every `everyMs` until stopped; `stop` gives the highest sample. */
function sampleRss(pid: number, everyMs: number): { stop(): { peak: number; samples: number } } {
  let peak = processMemory(pid).rss;
  let samples = 1;
  const timer = setInterval(() => {
    peak = Math.max(peak, processMemory(pid).rss);
    samples += 1;
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peak: Math.max(peak, processMemory(pid).rss), samples: samples + 1 };
    },
  };
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
const count = (n: number) => n.toLocaleString('en-US');

/** What runs once the app's export is measured, on the same organization (the import figures). */
export type AfterExport = (context: {
  store: KillableApp['store'];
  ctx: ServiceContext;
  seeded: SeededOrganization;
}) => Promise<void>;

/**
 * `/ub export users` as an admin asks for it in Slack, answered by `npm start` in a process of its
 * own (`node dist/src/main.js`, the engine's MONGODB_URI, the fake Slack as its Web API), on an
 * organization of `users` people: rows a second from the signed request to the requester's DM,
 * and that Node process's RSS (from /proc, every 100 ms) when idle, at its peak during the export,
 * and its high-water mark at the end. The database server (FerretDB) is another process, not
 * counted, as mongod would not be. The app starts on the empty organization and the people are
 * seeded under it, as the in-process figures did, so its start-up jobs (the search sets an upgrade
 * builds) are neither in the time nor in the memory.
 */
export async function appExportFigures(
  engine: BenchEngine,
  users: number,
  figure: Figure,
  afterExport?: AfterExport,
): Promise<void> {
  const app = await killableApp({ mongodbUri: engine.uri, env: PRODUCTION_ENV, nodeArgs: NODE_ARGS });
  try {
    const { ub, slack } = await app.start();
    const pid = ub.ub.child.pid;
    if (pid === undefined) throw new Error('the app process has no pid');
    await waitForIdleJobs(app);
    const seeded = await seedOrganization(app.store, ORG, users, 2_000);
    app.fake.addUser({ id: ADMIN, email: ADMIN_EMAIL });
    await createUser(app.store, { orgId: ORG, email: ADMIN_EMAIL, role: 'admin' });
    await waitForIdleJobs(app);
    const idle = processMemory(pid).rss;

    const sampler = sampleRss(pid, 100);
    const started = performance.now();
    const { ack } = await slack.slashCommand({ userId: ADMIN, text: 'export users' });
    if (ack.status !== 200) throw new Error(`/ub export users answered ${ack.status}`);
    // About 130 s at a million rows on an idle machine: a generous bound for a loaded one.
    await app.fake.waitForCall('chat.postMessage', () => exportDms(app.fake, ADMIN).length > 0, 600_000 + users * 3);
    const seconds = (performance.now() - started) / 1000;
    const { peak, samples } = sampler.stop();
    const { hwm } = processMemory(pid);
    const text = String(exportDms(app.fake, ADMIN)[0]!.args.text);
    const ready = /is ready: ([\d,]+) rows?/.exec(text);
    if (!ready) throw new Error(`the export did not succeed: ${text}\n${ub.ub.output.slice(-2000)}`);
    const rows = Number(ready[1]!.replace(/,/g, ''));
    const flags = NODE_ARGS.length > 0 ? ` with ${NODE_ARGS.join(' ')}` : '';
    figure(
      `export All users, ${count(users + 1)} people, through Slack to \`npm start\`${flags} in its own process (signed /ub export users → DM; RSS of the app's Node process only, FerretDB not counted)`,
      `${(rows / seconds).toFixed(0)} rows/s (${count(rows)} rows in ${seconds.toFixed(1)} s, request to DM); RSS ${mb(idle)} idle before, peak ${mb(peak)} during (${samples} samples), VmHWM ${mb(hwm)}`,
    );
    await ub.cleanup();

    if (afterExport) {
      const ctx: ServiceContext = {
        store: app.store,
        orgId: ORG,
        actor: {
          slackUserId: ADMIN,
          email: ADMIN_EMAIL,
          userId: personKey(ORG, ADMIN_EMAIL),
          role: 'admin',
          managedGroups: [],
        },
        source: 'command',
        now: () => new Date(),
        requestId: 'R-bench',
      };
      await afterExport({ store: app.store, ctx, seeded });
    }
  } finally {
    await app.stop();
  }
}
