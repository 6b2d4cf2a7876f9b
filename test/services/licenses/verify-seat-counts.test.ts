import { beforeEach, describe, expect, it } from '@jest/globals';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { verifySeatCounts } from '../../../src/services/licenses/verify-seat-counts.js';
import { takeBatchSeats, takeSeat } from '../../../src/services/seats-repository.js';
import { clearDatabase, refusal, useTestDatabase } from '../../support/use-test-database.js';
import { buildActor, buildContext, createOrganization, createUser, ORG_ID } from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(() => clearDatabase(t.store));

const org = () => t.store.organizations.findById(ORG_ID).lean().exec();
/** The wall clock: the check waits between its two snapshots. */
const ctx = () => buildContext(t.store, { now: () => new Date() });
const verify = (settleMs = 20) => verifySeatCounts(ctx(), { settleMs });

/** Two active members and three pending invitations (one Pro) hold 5 of 10 seats. */
async function organizationInUse(): Promise<void> {
  await createOrganization(t.store, { seats: 10, seatsFree: 8, proSeats: 2, proSeatsFree: 2 });
  await createUser(t.store, { email: 'm1@example.com' });
  await createUser(t.store, { email: 'm2@example.com' });
  await inviteUsers(ctx(), { emails: ['i1@example.com', 'i2@example.com'] });
  await inviteUsers(ctx(), { emails: ['i3@example.com'], pro: true });
}

describe('verifySeatCounts', () => {
  it('finds right counts right, changes nothing, and records when it checked', async () => {
    await organizationInUse();
    const result = await verify();
    expect(result).toMatchObject({ inUse: 5, proInUse: 1, seatsDrift: 0, proSeatsDrift: 0, repaired: false });
    expect(await org()).toMatchObject({ seatsFree: 5, proSeatsFree: 1, seatsVerification: { repaired: false } });
    expect((await org())!.seatsVerifiedAt).toBeInstanceOf(Date);
    expect(await t.store.auditEntries.countDocuments({ action: 'license.seats_repaired' })).toBe(0);
  });

  it('repairs seats a crash took without their invitation, and says in the audit log by how much and why', async () => {
    await organizationInUse();
    // A crash between the seat take and the invitation, twice: the seats are gone, nobody holds them.
    await takeSeat(t.store, ORG_ID, { pro: false });
    await takeSeat(t.store, ORG_ID, { pro: true });
    expect(await org()).toMatchObject({ seatsFree: 3, proSeatsFree: 0 });
    const result = await verify();
    expect(result).toMatchObject({ seatsDrift: -2, proSeatsDrift: -1, repaired: true, seatsFree: 5, proSeatsFree: 1 });
    expect(await org()).toMatchObject({ seatsFree: 5, proSeatsFree: 1, seatsVerification: { seatsDrift: -2 } });
    const entry = await t.store.auditEntries.findOne({ action: 'license.seats_repaired' }).lean();
    expect(entry).toMatchObject({
      targetId: ORG_ID,
      before: { seatsFree: 3, proSeatsFree: 0 },
      after: { seatsFree: 5, proSeatsFree: 1, inUse: 5, proInUse: 1 },
    });
    expect(String(entry!.after!.why)).toContain('2 free licenses too few');
    expect(String(entry!.after!.why)).toContain('a crash between the two writes');
    // Checked again: nothing left to repair.
    expect(await verify()).toMatchObject({ repaired: false, seatsDrift: 0 });
  });

  it('repairs an invitation written without its seat (too many free)', async () => {
    await organizationInUse();
    await t.store.invitations.create({
      _id: `${ORG_ID}:ghost@example.com`,
      orgId: ORG_ID,
      email: 'ghost@example.com',
      status: 'pending',
      firstSentAt: new Date(),
      lastSentAt: new Date(),
    });
    expect(await verify()).toMatchObject({ seatsDrift: 1, repaired: true });
    expect(await org()).toMatchObject({ seatsFree: 4 });
  });

  it('leaves the seats of a bulk invite that is under way alone, and says it will check later', async () => {
    await organizationInUse();
    await takeBatchSeats(t.store, ORG_ID, {
      token: 'T_TEST:run:x:p0000:take',
      emails: ['b1@example.com', 'b2@example.com'],
      pro: false,
      now: new Date(),
    });
    const result = await verify();
    expect(result.postponed).toContain('an invite is taking licenses right now');
    expect(await org()).toMatchObject({ seatsFree: 3 });
  });

  it('does not take seats moving during the check for drift', async () => {
    await organizationInUse();
    // People are invited while the check waits between its snapshots: each invite moves a seat and
    // writes an invitation, and the counts never disagree with the counters once it has finished.
    const checking = verifySeatCounts(ctx(), { settleMs: 300 });
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await inviteUsers(ctx(), { emails: [`late${i}@example.com`] });
    }
    const result = await checking;
    expect(result.repaired).toBe(false);
    expect(await org()).toMatchObject({ seatsFree: 2 });
    expect(await t.store.auditEntries.countDocuments({ action: 'license.seats_repaired' })).toBe(0);
  });

  it('is for admins only', async () => {
    await organizationInUse();
    const error = await refusal<UbError>(
      verifySeatCounts(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { settleMs: 1 }),
    );
    expect(error).toMatchObject({ code: 'not_authorized' });
  });
});
