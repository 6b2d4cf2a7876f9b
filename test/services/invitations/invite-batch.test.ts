import { beforeEach, describe, expect, it } from '@jest/globals';
import { inviteBatch, settleInviteBatches, type InviteBatch } from '../../../src/services/invitations/invite-batch.js';
import type { InvitePlan } from '../../../src/services/invitations/invite-plan.js';
import { takeBatchSeats } from '../../../src/services/seats-repository.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';
import { buildContext, createOrganization, createUser, ORG_ID } from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(() => clearDatabase(t.store));

const plan: InvitePlan = { role: 'user', pro: false, message: undefined, language: 'en', groupIds: [], groupNames: [] };
const org = () => t.store.organizations.findById(ORG_ID).lean().exec();
const batchOf = (id: string, emails: string[]): InviteBatch => ({
  id,
  run: id.split(':p')[0]!,
  items: emails.map((email, index) => ({ index, email })),
});
const emails = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);

describe('inviteBatch applied again (a job resumed after a crash, or two runners at once)', () => {
  it('reports the same outcomes and changes nothing the second time', async () => {
    await createOrganization(t.store, { seats: 100 });
    await createUser(t.store, { email: 'member@example.com' });
    const batch = batchOf('T_TEST:run:test:p0000', [...emails(20), 'member@example.com', 'nope']);
    const first = await inviteBatch(buildContext(t.store), plan, batch);
    const again = await inviteBatch(buildContext(t.store), plan, batch);
    expect(again).toEqual(first);
    expect(first.filter((o) => o.status === 'done')).toHaveLength(20);
    expect(await t.store.invitations.countDocuments({ status: 'pending' })).toBe(20);
    expect(await org()).toMatchObject({ seatsFree: 80 });
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.create' })).toBe(20);
  });

  it('repairs audit entries a crash left unwritten, without writing any twice', async () => {
    await createOrganization(t.store, { seats: 100 });
    const batch = batchOf('T_TEST:run:test:p0000', emails(10));
    await inviteBatch(buildContext(t.store), plan, batch);
    // The crash came between the invitations and their audit entries.
    await t.store.auditEntries.deleteMany({
      targetId: { $in: [`${ORG_ID}:p3@example.com`, `${ORG_ID}:p7@example.com`] },
    });
    const again = await inviteBatch(buildContext(t.store), plan, batch);
    expect(again.every((o) => o.status === 'done' && o.reason === 'invited')).toBe(true);
    const audit = await t.store.auditEntries.find({ action: 'invitation.create' }).lean();
    expect(audit).toHaveLength(10);
    expect(new Set(audit.map((a) => a.targetId)).size).toBe(10);
    expect(await org()).toMatchObject({ seatsFree: 90 });
  });

  it('finishes a batch cut off after its seats were taken: the seats go to the addresses they were taken for', async () => {
    await createOrganization(t.store, { seats: 100 });
    const batch = batchOf('T_TEST:run:test:p0000', emails(10));
    // The crash came right after the seat take: seats gone, no invitation yet.
    await takeBatchSeats(t.store, ORG_ID, {
      token: `${batch.id}:take`,
      emails: emails(10),
      pro: false,
      now: new Date(),
    });
    expect(await org()).toMatchObject({ seatsFree: 90 });
    const outcomes = await inviteBatch(buildContext(t.store), plan, batch);
    expect(outcomes.filter((o) => o.status === 'done')).toHaveLength(10);
    expect(await org()).toMatchObject({ seatsFree: 90 });
    expect(await t.store.invitations.countDocuments({})).toBe(10);
  });

  it('gives back the seats of addresses someone else invited in between, once', async () => {
    await createOrganization(t.store, { seats: 100 });
    const batch = batchOf('T_TEST:run:test:p0000', emails(5));
    await takeBatchSeats(t.store, ORG_ID, {
      token: `${batch.id}:take`,
      emails: emails(5),
      pro: false,
      now: new Date(),
    });
    // Another admin invites p2 between the crash and the resume (taking their own seat).
    const other = await inviteBatch(buildContext(t.store), plan, batchOf('T_TEST:run:other:p0000', ['p2@example.com']));
    expect(other[0]).toMatchObject({ status: 'done' });
    const outcomes = await inviteBatch(buildContext(t.store), plan, batch);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'skipped', 'done', 'done']);
    expect(outcomes[2]!.reason).toBe('already invited, use `/ub resend`');
    await inviteBatch(buildContext(t.store), plan, batch);
    expect(await org()).toMatchObject({ seatsFree: 95 });
  });

  it('run by two runners at once, takes one seat per invitation and reports every address the same way', async () => {
    await createOrganization(t.store, { seats: 100 });
    const batch = batchOf('T_TEST:run:test:p0000', emails(30));
    const [a, b] = await Promise.all([
      inviteBatch(buildContext(t.store), plan, batch),
      inviteBatch(buildContext(t.store), plan, batch),
    ]);
    expect(a).toEqual(b);
    expect(a.every((o) => o.status === 'done')).toBe(true);
    expect(await t.store.invitations.countDocuments({})).toBe(30);
    expect(await org()).toMatchObject({ seatsFree: 70 });
    expect(await t.store.auditEntries.countDocuments({})).toBe(30);
  });

  it('forgets its seat tokens once settled', async () => {
    await createOrganization(t.store, { seats: 100 });
    const batch = batchOf('T_TEST:run:test:p0000', emails(3));
    await inviteBatch(buildContext(t.store), plan, batch);
    expect(Object.keys((await org())!.seatMoves ?? {})).toEqual([`${batch.id}:take`, `${batch.id}:return`]);
    await settleInviteBatches(buildContext(t.store), plan, [batch.id]);
    expect((await org())!.seatMoves).toEqual({});
  });
});

describe('inviteBatch seats', () => {
  it('takes as many seats as are free and fails the rest with the no-seats message', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 4 });
    const outcomes = await inviteBatch(buildContext(t.store), plan, batchOf('T_TEST:run:test:p0000', emails(6)));
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done', 'done', 'failed', 'failed']);
    expect(outcomes[5]!.reason).toContain('No license is left');
    expect(await org()).toMatchObject({ seatsFree: 0 });
  });

  it('reports addresses invited already as such even when the seats run short, and gives every seat back', async () => {
    await createOrganization(t.store, { seats: 10 });
    await inviteBatch(buildContext(t.store), plan, batchOf('T_TEST:run:first:p0000', emails(8)));
    expect(await org()).toMatchObject({ seatsFree: 2 });
    const again = await inviteBatch(buildContext(t.store), plan, batchOf('T_TEST:run:again:p0000', emails(8)));
    expect(again.every((o) => o.status === 'skipped' && o.reason === 'already invited, use `/ub resend`')).toBe(true);
    expect(await org()).toMatchObject({ seatsFree: 2 });
  });

  it('reports an address listed twice in another case as listed twice', async () => {
    await createOrganization(t.store, { seats: 10 });
    const outcomes = await inviteBatch(
      buildContext(t.store),
      plan,
      batchOf('T_TEST:run:test:p0000', ['Ann@Acme.test', 'ann@acme.test']),
    );
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'done', email: 'ann@acme.test' }),
      { status: 'skipped', email: 'ann@acme.test', reason: 'listed twice (same address as Ann@Acme.test)' },
    ]);
    expect(await org()).toMatchObject({ seatsFree: 9 });
  });
});
