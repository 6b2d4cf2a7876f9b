import { beforeEach, describe, expect, it } from '@jest/globals';
import {
  countDigestHighlights,
  refreshDigestHighlights,
} from '../../../../src/services/insights/digests/digest-highlights.js';
import { createOrganization } from '../../../support/factories.js';
import { clearDatabase, useTestDatabase } from '../../../support/use-test-database.js';

/** The job's count ahead of the digests (decision 047): only where digests go, every 30 minutes at most. */
const t = useTestDatabase();
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 8, 0) + minutes * 60_000);
const countedAt = async () =>
  (await t.store.digestHighlights.findById('T_TEST:org').lean().exec())?.computedAt.toISOString();

async function subscribe(status: 'active' | 'paused'): Promise<void> {
  await t.store.digestSubscriptions.create({
    _id: `T_TEST:digest:U_LEAD:${status}`,
    orgId: 'T_TEST',
    destination: 'U_LEAD',
    destinationKind: 'dm',
    owner: { slackUserId: 'U_LEAD', email: 'lead@example.com' },
    createdBy: { slackUserId: 'U_LEAD', email: 'lead@example.com' },
    groupIds: [],
    day: 'monday',
    time: '09:00',
    timeZone: 'UTC',
    status,
    nextRunAt: at(60),
    attempt: 0,
    failures: 0,
  });
}

beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 10 });
});

describe('counting digest highlights ahead of the digests', () => {
  it('leaves an organization without an active digest alone', async () => {
    await subscribe('paused');
    expect(await refreshDigestHighlights(t.store, 'T_TEST', at(0))).toBe(false);
    expect(await countedAt()).toBeUndefined();
  });

  it('counts an organization with digests, then again once the count is 30 minutes old', async () => {
    await subscribe('active');
    expect(await refreshDigestHighlights(t.store, 'T_TEST', at(0))).toBe(true);
    expect(await refreshDigestHighlights(t.store, 'T_TEST', at(29))).toBe(false);
    expect(await countedAt()).toBe(at(0).toISOString());
    expect(await refreshDigestHighlights(t.store, 'T_TEST', at(30))).toBe(true);
    expect(await countedAt()).toBe(at(30).toISOString());
  });
});

describe('a highlights count', () => {
  it('replaces the documents of an older count, never those of a newer one', async () => {
    await countDigestHighlights(t.store, 'T_TEST', at(60));
    await countDigestHighlights(t.store, 'T_TEST', at(0));
    expect(await countedAt()).toBe(at(60).toISOString());
    await countDigestHighlights(t.store, 'T_TEST', at(90));
    expect(await countedAt()).toBe(at(90).toISOString());
  });
});
