import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../src/db/connection.js';
import { createStore, type Store } from '../src/services/store.js';
import type { TestApp } from '../test/support/app-harness.js';
import { withDatabase } from '../test/support/app-harness.js';
import type { FakeSlack } from '../test/support/fake-slack/index.js';
import { SlackDriver } from '../test/support/slack-driver.js';
import { startUb } from '../test/support/ub-process.js';
import type { BenchEngine } from './engines.js';

const COUNT = 1_000;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The bulk invite as a person sees it (`npm run bench`, decision 016): `/ub invite` of 1,000
 * addresses into one group of the seeded organization, timed from the command to the per-address
 * result in the progress DM (the seats-and-invitations result), then the DM phase on its own
 * (1,000 users.lookupByEmail and 1,000 invitation DMs against the fake Slack, which has no rate
 * limits: real Slack's Tier 3 makes the lookups take about 20 minutes), then the time a killed run
 * takes to be resumed by a new process with the production settings (30 s lock, 5 s poll).
 */
export async function bulkInviteFigures(
  engine: BenchEngine,
  app: TestApp,
  input: { admin: string; groupName: string },
  report: (what: string, value: string) => void,
): Promise<void> {
  const figures = { push: ([what, value]: [string, string]) => report(what, value) };
  const emails = Array.from({ length: COUNT }, (_, i) => `job.invitee${i}@new.example.com`);
  emails.forEach((email, i) => app.fake.addUser({ id: `UJOB${String(i).padStart(5, '0')}`, email }));
  const resultShown = () =>
    [...app.fake.callsTo('chat.update'), ...app.fake.callsTo('chat.postMessage')].some(
      (c) => c.ok && c.args.channel !== undefined && String(c.args.text).startsWith('Invitations: '),
    );
  app.fake.reset();
  const started = Date.now();
  const { responseUrl } = await app.slack.slashCommand({
    userId: input.admin,
    text: `invite ${emails.join(' ')} --group "${input.groupName}"`,
  });
  await app.fake.waitForResponsePost(responseUrl, () => true, 60_000);
  await until('the result of the bulk invite', resultShown);
  const result = Date.now();
  await until('the DM phase', async () => (await app.store.bulkRuns.countDocuments({ status: 'finished' })) > 0);
  const finished = Date.now();
  const run = await app.store.bulkRuns.findOne({ kind: 'invite' }).lean().exec();
  figures.push([
    'bulk invite of 1,000 addresses as a job: /ub invite → per-address result (seats and invitations)',
    `${seconds(result - started)} (${run?.counts.done ?? 0} invited)`,
  ]);
  figures.push([
    'its DM phase: 1,000 users.lookupByEmail + 1,000 DMs, each once (fake Slack, no rate limits)',
    `${seconds(finished - result)} (${run?.delivery.sent ?? 0} sent)`,
  ]);
  figures.push([
    'resume of a 1,000-address invite killed with SIGKILL (npm start again at once; 30 s lock, 5 s poll)',
    await resumeAfterKill(engine, app.fake),
  ]);
}

/**
 * `npm start` in a child process on a database of its own, killed with SIGKILL while it writes a
 * 1,000-address invite, then started again at once: how long after the kill the new process takes
 * the run over (the killed runner's lock must expire first) and how long it then takes to finish.
 */
async function resumeAfterKill(engine: BenchEngine, fake: FakeSlack): Promise<string> {
  const dbName = `ubbench_resume_${randomBytes(4).toString('hex')}`;
  const db = await connectDatabase({ uri: engine.uri, dbName });
  const store: Store = createStore(db.connection);
  const env = { MONGODB_URI: withDatabase(engine.uri, dbName), UB_BOOTSTRAP_ADMINS: 'UBENCHKILL', LOG_LEVEL: 'info' };
  fake.addUser({ id: 'UBENCHKILL', email: 'kill.admin@bench.example.com' });
  const first = await startUb(fake, env);
  try {
    const slack = new SlackDriver({
      appUrl: `http://127.0.0.1:${first.port}/slack/events`,
      signingSecret: 'start-secret',
      fakeSlack: fake,
      teamId: 'T_TEST',
    });
    const seats = await slack.slashCommand({ userId: 'UBENCHKILL', text: 'license seats 2000' });
    await fake.waitForResponsePost(seats.responseUrl, () => true, 30_000);
    const emails = Array.from({ length: COUNT }, (_, i) => `resume${i}@new.example.com`);
    await slack.slashCommand({ userId: 'UBENCHKILL', text: `invite ${emails.join(' ')}` });
    await until('invitations to be written', async () => (await store.invitations.countDocuments({})) >= 300);
    await first.ub.stop('SIGKILL');
    const killedAt = Date.now();
    const atKill = await store.invitations.countDocuments({});
    const second = await startUb(fake, env);
    try {
      const heartbeat = async () => (await store.bulkRuns.findOne({}).lean().exec())?.heartbeatAt?.getTime() ?? 0;
      await until('the run to be taken over', async () => (await heartbeat()) > killedAt);
      const resumedAt = Date.now();
      await until(
        'the resumed run to finish',
        async () => (await store.bulkRuns.findOne({}).lean().exec())?.status === 'finished',
      );
      const done = Date.now();
      const invitations = await store.invitations.countDocuments({});
      return `taken over ${seconds(resumedAt - killedAt)} after the kill (${atKill} of 1,000 written by then), finished ${seconds(done - resumedAt)} later; ${invitations} invitations, each once`;
    } finally {
      await second.cleanup();
    }
  } finally {
    await first.cleanup();
    await db.connection.dropDatabase().catch(() => undefined);
    await db.close();
  }
}
