import { describe, expect, it } from '@jest/globals';
import { forgetExpiredRequests, rememberRequest } from '../../src/services/request-signature-repository.js';
import { useTestDatabase } from '../support/use-test-database.js';

const t = useTestDatabase();
const at = (iso: string) => new Date(iso);

describe('the replay memory', () => {
  it('takes a signature once: the second time, and any number of times at once, it says "seen"', async () => {
    const until = at('2026-11-25T10:06:00Z');
    expect(await rememberRequest(t.store, 'v0=aa', until)).toBe(true);
    expect(await rememberRequest(t.store, 'v0=aa', until)).toBe(false);
    const racing = await Promise.all(Array.from({ length: 8 }, () => rememberRequest(t.store, 'v0=bb', until)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it('forgets what has expired, and only that', async () => {
    await rememberRequest(t.store, 'v0=old', at('2026-11-25T09:00:00Z'));
    await rememberRequest(t.store, 'v0=new', at('2026-11-25T11:00:00Z'));
    expect(await forgetExpiredRequests(t.store, at('2026-11-25T10:00:00Z'))).toBeGreaterThanOrEqual(1);
    expect(await t.store.requestSignatures.findById('v0=old').lean().exec()).toBeNull();
    expect(await t.store.requestSignatures.findById('v0=new').lean().exec()).not.toBeNull();
  });

  it('has a TTL index on engines that take one (FerretDB 1.24 refuses it; the cleanup job covers it there)', async () => {
    const indexes = await t.store.requestSignatures.collection.indexes();
    const ttl = indexes.find((index) => index.name === 'expiresAt_ttl');
    if (process.env.UB_TEST_ENGINE === 'ferretdb-sqlite') expect(ttl).toBeUndefined();
    else expect(ttl).toMatchObject({ key: { expiresAt: 1 }, expireAfterSeconds: 0 });
  });
});
