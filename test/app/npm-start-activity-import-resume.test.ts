import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { personKey } from '../../src/services/domain.js';
import { exportDms } from '../support/exports.js';
import { submitAndConfirmImport } from '../support/confirm-import.js';
import { createGroup, createUser } from '../support/factories.js';
import { killableApp, KILLABLE_ORG as ORG, type KillableApp } from '../support/killable-app.js';

/**
 * `/ub import activity` as production runs it: `npm start` in a child process, the file previewed
 * and confirmed, the process killed with SIGKILL while the rows are recorded, and started again.
 * Every row's events must be recorded exactly once: one enrollment each, two events each, and the
 * funnel counters of the organization and of the group right at the end, moves cut off by the kill
 * recounted (decision 041: the rows go through the activity feed's path with event ids derived from
 * the row; decision 016: a page cut off in its middle has the funnels recounted).
 */
const ADMIN = 'UADMIN01';
const PEOPLE = 800;
const learner = (i: number) => `learner${String(i).padStart(4, '0')}@example.com`;

let app: KillableApp;
const importRun = () => app.store.bulkRuns.findOne({ kind: 'import-activity' }).lean().exec();
const enrolled = () => app.store.enrollments.countDocuments({ courseId: 'rust-101' });

beforeAll(async () => {
  app = await killableApp({ env: { UB_BOOTSTRAP_ADMINS: ADMIN }, state: importRun });
  app.fake.addUser({ id: ADMIN, email: 'admin@example.com', realName: 'Ada Admin' });
}, 60_000);

afterAll(async () => {
  await app?.stop();
});

describe('an activity import killed with SIGKILL while it is recorded, and started again', () => {
  it('records every row once, ends with the funnel counters right and DMs one result file', async () => {
    const first = await start();
    // The first command makes the organization and its bootstrap admin.
    const seats = await first.slack.slashCommand({ userId: ADMIN, text: `license seats 2000` });
    await app.fake.waitForResponsePost(seats.responseUrl, () => true, 15_000);
    const team = (await createGroup(app.store, { orgId: ORG, name: 'Team' }))._id;
    for (let i = 0; i < PEOPLE; i += 1)
      await createUser(app.store, { orgId: ORG, email: learner(i), groupIds: [team] });
    // The factory writes people alone: the counters count them as the app's own writes would.
    await app.store.groups.updateOne({ _id: team }, { $inc: { 'funnel.joined': PEOPLE } }).exec();
    const csv = [
      'Email address,Course ID,Course title,Enrolled,Last activity,% complete',
      ...Array.from(
        { length: PEOPLE },
        (_, i) => `${learner(i)},rust-101,Rust,2026-11-02T09:00:00.000Z,2026-11-12T09:00:00.000Z,${1 + (i % 90)}`,
      ),
      'nobody@example.com,rust-101,Rust,2026-11-02,,',
    ].join('\n');
    await submitAndConfirmImport(app.fake, first.slack, {
      userId: ADMIN,
      kind: 'import_activity',
      fileName: 'activity.csv',
      csv,
      previewText: 'Import learning activity',
    });

    await until('some rows recorded', async () => (await enrolled()) >= 50);
    expect(await first.ub.ub.stop('SIGKILL')).toBeNull();
    expect(await enrolled()).toBeLessThan(PEOPLE);

    await start();
    await until('the import to finish', async () => (await importRun())?.status === 'finished', 180_000);
    await until('the result file DM', () => resultFiles().length > 0, 30_000);

    expect(await enrolled()).toBe(PEOPLE);
    expect(await app.store.activityEvents.countDocuments({})).toBe(2 * PEOPLE);
    const ann = await app.store.enrollments
      .findById(`${personKey(ORG, learner(7))}:rust-101`)
      .lean()
      .exec();
    expect(ann).toMatchObject({ progress: 8, enrolledAt: new Date('2026-11-02T09:00:00Z') });
    // Moves cut off by the kill (a person written, the counters' `$inc` not yet) are recounted at the end of the run.
    const funnels = async () => ({
      org: (await app.store.organizations.findById(ORG).lean().exec())?.funnel,
      group: (await app.store.groups.findById(team).lean().exec())?.funnel,
    });
    await until('the funnel counters recounted', async () => {
      const { org, group } = await funnels();
      return org?.enrolled === PEOPLE && org.started === PEOPLE && group?.enrolled === PEOPLE;
    });
    expect((await funnels()).group).toMatchObject({ joined: PEOPLE, enrolled: PEOPLE, started: PEOPLE });
    expect(await importRun()).toMatchObject({ counts: { done: PEOPLE, skipped: 0, failed: 1 } });
    const audited = await app.store.auditEntries.find({ action: 'activity.imported' }).lean().exec();
    expect(audited.reduce((rows, entry) => rows + Number((entry.after as { rows: number }).rows), 0)).toBe(PEOPLE);
    expect(resultFiles()).toHaveLength(1);
  }, 300_000);
});

const start = () => app.start();
const until = (what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number) =>
  app.until(what, condition, timeoutMs);
const resultFiles = () =>
  exportDms(app.fake, ADMIN).filter((c) => /Import result.* is ready/.test(String(c.args.text)));
