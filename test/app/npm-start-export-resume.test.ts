import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personKey } from '../../src/services/domain.js';
import { csvRecords, downloadLink, exportDms } from '../support/exports.js';
import { killableApp, KILLABLE_ORG as ORG, type KillableApp } from '../support/killable-app.js';

/**
 * A CSV export as production runs it: `npm start` in a child process, `/ub export users`, the
 * process killed with SIGKILL while the file is being written, then started again. The requester
 * must get exactly one DM, and its link must give the whole file: every person once.
 */
const ADMIN = 'UADMIN01';
const PEOPLE = 20_000;
const person = (i: number) => `person${String(i).padStart(5, '0')}@example.com`;

let app: KillableApp;
const until = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  app.until(what, condition, timeoutMs);

const theExport = () => app.store.exports.findOne({ report: 'users' }).lean().exec();
const chunksWritten = () => app.store.exports.db.collection('export_files.chunks').countDocuments({});

beforeAll(async () => {
  app = await killableApp({ env: { UB_BOOTSTRAP_ADMINS: ADMIN }, state: theExport });
  app.fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
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
    await app.store.users.collection.insertMany(docs as never[]);
  }
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('a CSV export killed with SIGKILL while its file is written, and started again', () => {
  it('sends exactly one DM whose link gives the whole file', async () => {
    const first = await app.start();
    const asked = await first.slack.slashCommand({ userId: ADMIN, text: 'export users' });
    expect(asked.ack.status).toBe(200);

    await until('part of the file written', async () => (await chunksWritten()) >= 1);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(await theExport()).toMatchObject({ status: 'writing' });
    expect(exportDms(app.fake, ADMIN)).toHaveLength(0);

    const second = await app.start();
    await until('the export to be delivered', async () => (await theExport())?.status === 'delivered', 180_000);
    const record = (await theExport())!;
    expect(record.attempts).toBe(2);
    // One DM, whichever runner sent it; nothing more comes.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const dms = exportDms(app.fake, ADMIN);
    expect(dms).toHaveLength(1);

    // PUBLIC_URL is unset: links name localhost; the running process serves them.
    const link = downloadLink(dms[0]!).replace(/^http:\/\/localhost:\d+/, `http://127.0.0.1:${second.ub.port}`);
    const rows = csvRecords(Buffer.from(await (await fetch(link)).arrayBuffer()));
    const people = await app.store.users.countDocuments({ orgId: ORG });
    expect(people).toBe(PEOPLE + 1);
    expect(rows).toHaveLength(people);
    expect(record.rows).toBe(people);
    expect(new Set(rows.map((r) => r['Email address'])).size).toBe(people);
    expect(rows.filter((r) => r['Email address'].startsWith('person'))).toHaveLength(PEOPLE);
  }, 300_000);
});
