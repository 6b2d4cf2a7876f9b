import { beforeEach, describe, expect, it } from '@jest/globals';
import { readFunnel, readFunnelTrend } from '../../../src/services/insights/funnel.js';
import { snapshotFunnels, snapshotId, weekStart } from '../../../src/services/insights/funnel-snapshots.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';
import { buildContext, createGroup, createOrganization } from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 40 });
});

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
const at = (iso: string) => buildContext(t.store, { now: () => day(iso) });

describe('weekly funnel snapshots', () => {
  it('begin weeks on Monday, UTC', () => {
    expect(weekStart(day('2026-11-25')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart(day('2026-11-23')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(weekStart(day('2026-11-29')).toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('are written once a week, whatever how often the job runs, and give the change since the week began and the trend', async () => {
    await createGroup(t.store, { name: 'Sales' });
    await inviteUsers(at('2026-11-10'), { emails: ['a@example.com'], groupNames: ['Sales'] });
    expect(await snapshotFunnels(t.store, 'T_TEST', day('2026-11-16'))).toBe(2);
    expect(await snapshotFunnels(t.store, 'T_TEST', day('2026-11-18'))).toBe(0);
    await inviteUsers(at('2026-11-20'), { emails: ['b@example.com', 'c@example.com'], groupNames: ['Sales'] });
    await snapshotFunnels(t.store, 'T_TEST', day('2026-11-23'));
    await inviteUsers(at('2026-11-24'), { emails: ['d@example.com'] });

    const report = await readFunnel(at('2026-11-25'));
    expect(report.funnel.invited).toBe(4);
    expect(report.previous?.funnel.invited).toBe(3);
    const group = await readFunnel(at('2026-11-25'), { groupNames: ['Sales'] });
    expect(group.previous?.funnel.invited).toBe(3);
    const trend = await readFunnelTrend(at('2026-11-25'), { weeks: 3 });
    expect(trend.map((p) => [p.week.toISOString().slice(0, 10), p.funnel?.invited])).toEqual([
      ['2026-11-09', undefined],
      ['2026-11-16', 1],
      ['2026-11-23', 3],
    ]);
  });

  it('carry the weeks before them, so the trend is one read per scope, and match the weeks read one by one', async () => {
    const group = await createGroup(t.store, { name: 'Sales' });
    const mondays = [
      '2026-10-05',
      '2026-10-12',
      '2026-10-19',
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ];
    for (const [i, monday] of mondays.entries()) {
      // No snapshot the week of 2026-10-19: that week has no figure, the others carry on.
      if (monday !== '2026-10-19') await snapshotFunnels(t.store, 'T_TEST', day(monday));
      await inviteUsers(at(monday), { emails: [`p${i}@example.com`], groupNames: ['Sales'] });
    }
    const sales = await t.store.funnelSnapshots
      .findById(snapshotId('T_TEST', group._id, weekStart(day('2026-11-30'))))
      .lean()
      .exec();
    expect(sales?.recent?.map((w) => [w.week.toISOString().slice(0, 10), w.invited])).toEqual([
      ['2026-10-12', 1],
      ['2026-10-26', 3],
      ['2026-11-02', 4],
      ['2026-11-09', 5],
      ['2026-11-16', 6],
      ['2026-11-23', 7],
    ]);

    const expected = [
      ['2026-10-12', 1],
      ['2026-10-19', undefined],
      ['2026-10-26', 3],
      ['2026-11-02', 4],
      ['2026-11-09', 5],
      ['2026-11-16', 6],
      ['2026-11-23', 7],
      ['2026-11-30', 8],
    ];
    const trendOf = async (input: { groupNames?: string[] }) =>
      (await readFunnelTrend(at('2026-12-01'), { ...input, weeks: 8 })).map((p) => [
        p.week.toISOString().slice(0, 10),
        p.funnel?.invited,
      ]);
    expect(await trendOf({ groupNames: ['Sales'] })).toEqual(expected);
    expect(await trendOf({})).toEqual(expected);

    // Snapshots written before they carried their weeks: the same trend, read week by week.
    await t.store.funnelSnapshots.updateMany({}, { $unset: { recent: 1 } }).exec();
    expect(await trendOf({ groupNames: ['Sales'] })).toEqual(expected);
    expect(await trendOf({})).toEqual(expected);
  });
});
