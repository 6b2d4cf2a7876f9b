import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connectDatabase, type DatabaseConnection } from '../../src/db/connection.js';
import { personKey } from '../../src/services/domain.js';
import { createStore, type Store } from '../../src/services/store.js';
import { withDatabase } from '../support/app-harness.js';
import { csvRecords, downloadLink, exportDms } from '../support/exports.js';
import { FakeSlack } from '../support/fake-slack/index.js';
import { SlackDriver } from '../support/slack-driver.js';
import { startUb, type StartedUb } from '../support/ub-process.js';

/**
 * A CSV export as production runs it: `npm start` in a child process, `/ub export users`, the
 * process killed with SIGKILL while the file is being written, then started again. The requester
 * must get exactly one DM, and its link must give the whole file: every person once.
 */
const ORG = 'T_TEST';
const ADMIN = 'UADMIN01';
const PEOPLE = 20_000;
const person = (i: number) => `person${String(i).padStart(5, '0')}@example.com`;

let fake: FakeSlack;
let db: DatabaseConnection;
let store: Store;
let env: Record<string, string>;
const started: StartedUb[] = [];

async function start(): Promise<{ ub: StartedUb; slack: SlackDriver }> {
  const ub = await startUb(fake, env);
  started.push(ub);
  const slack = new SlackDriver({
    appUrl: `http://127.0.0.1:${ub.port}/slack/events`,
    signingSecret: 'start-secret',
    fakeSlack: fake,
    teamId: ORG,
  });
  return { ub, slack };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      const output = started.at(-1)?.ub.output.split('\n').slice(-40).join('\n');
      throw new Error(`timed out waiting for ${what}\nlast output:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const theExport = () => store.exports.findOne({ report: 'users' }).lean().exec();
const chunksWritten = () => db.connection.db!.collection('export_files.chunks').countDocuments({});

beforeAll(async () => {
  fake = await FakeSlack.start({ chatBurst: 1_000_000, chatPerSecond: 1_000_000 });
  fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
  const baseUri = process.env.UB_TEST_MONGODB_URI;
  if (!baseUri) throw new Error('UB_TEST_MONGODB_URI is not set: run the tests through jest');
  const dbName = `ubtest_${randomBytes(6).toString('hex')}`;
  db = await connectDatabase({ uri: baseUri, dbName });
  store = createStore(db.connection);
  env = {
    MONGODB_URI: withDatabase(baseUri, dbName),
    UB_BOOTSTRAP_ADMINS: ADMIN,
    UB_JOB_LOCK_LIFETIME_MS: '2000',
    UB_JOB_POLL_MS: '200',
    LOG_LEVEL: 'info',
  };
  // Enough people that writing the file takes a while: the driver's insertMany, as the bench seeds.
  for (let start = 0; start < PEOPLE; start += 2_000) {
    const docs = Array.from({ length: Math.min(2_000, PEOPLE - start) }, (_, k) => {
      const email = person(start + k);
      return {
        _id: personKey(ORG, email),
        orgId: ORG,
        email,
        firstName: 'Pat',
        surname: `Person${start + k}`,
        role: 'user',
        status: 'active',
        licenseType: 'standard',
        groupIds: [],
        managedGroups: [],
        joinedAt: new Date('2026-01-01T00:00:00Z'),
        version: 0,
      };
    });
    await db.connection.db!.collection('users').insertMany(docs as never[]);
  }
}, 120_000);

afterAll(async () => {
  for (const ub of started) await ub.cleanup();
  await db?.connection.dropDatabase().catch(() => undefined);
  await db?.close();
  await fake?.stop();
});

describe('a CSV export killed with SIGKILL while its file is written, and started again', () => {
  it('sends exactly one DM whose link gives the whole file', async () => {
    const first = await start();
    const asked = await first.slack.slashCommand({ userId: ADMIN, text: 'export users' });
    expect(asked.ack.status).toBe(200);

    await until('part of the file written', async () => (await chunksWritten()) >= 1);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(await theExport()).toMatchObject({ status: 'writing' });
    expect(exportDms(fake, ADMIN)).toHaveLength(0);

    await start();
    await until('the export to be delivered', async () => (await theExport())?.status === 'delivered', 180_000);
    const record = (await theExport())!;
    expect(record.attempts).toBe(2);
    // One DM, whichever runner sent it; nothing more comes.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const dms = exportDms(fake, ADMIN);
    expect(dms).toHaveLength(1);

    // PUBLIC_URL is unset: links name localhost; the running process serves them.
    const link = downloadLink(dms[0]!).replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${started.at(-1)!.port}`);
    const rows = csvRecords(Buffer.from(await (await fetch(link)).arrayBuffer()));
    const people = await store.users.countDocuments({ orgId: ORG });
    expect(people).toBe(PEOPLE + 1);
    expect(rows).toHaveLength(people);
    expect(record.rows).toBe(people);
    expect(new Set(rows.map((r) => r['Email address'])).size).toBe(people);
    expect(rows.filter((r) => r['Email address'].startsWith('person'))).toHaveLength(PEOPLE);
  }, 300_000);
});
