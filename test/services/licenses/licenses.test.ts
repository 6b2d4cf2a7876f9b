import { beforeEach, describe, expect, it } from '@jest/globals';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { licenseOverview } from '../../../src/services/licenses/license-overview.js';
import { setPro } from '../../../src/services/licenses/set-pro.js';
import { setSeats } from '../../../src/services/licenses/set-seats.js';
import { useTestDatabase, clearDatabase, refusal as refusalOf } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup,
  createOrganization,
  createUser,
  groupAdminActor,
  ORG_ID,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(() => clearDatabase(t.store));

const org = () => t.store.organizations.findById(ORG_ID).lean().exec();
const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);

describe('licenseOverview', () => {
  it('shows licenses used and free, standard and Pro, with the pending invitations among them', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 7, proSeats: 3, proSeatsFree: 3 });
    await inviteUsers(buildContext(t.store), { emails: ['a@example.com'], pro: true });
    expect(await licenseOverview(buildContext(t.store))).toEqual({
      countSet: true,
      seats: 10,
      used: 4,
      free: 6,
      proSeats: 3,
      proUsed: 1,
      proFree: 2,
      pendingInvitations: 1,
    });
  });

  it('is for admins only', async () => {
    await createOrganization(t.store);
    const group = await createGroup(t.store);
    expect(
      await refusal(licenseOverview(buildContext(t.store, { actor: buildActor({ role: 'user' }) }))),
    ).toMatchObject({ code: 'not_authorized' });
    const ga = groupAdminActor([{ groupId: group._id, permissions: ['invite_deactivate'] }]);
    expect(await refusal(licenseOverview(buildContext(t.store, { actor: ga })))).toMatchObject({
      code: 'not_authorized',
    });
  });
});

describe('setSeats', () => {
  it('raises and lowers the counts, moving the free seats by the difference, with an audit entry', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 4, proSeats: 2, proSeatsFree: 1 });
    const raised = await setSeats(buildContext(t.store), { seats: 50, proSeats: 5 });
    expect(raised).toMatchObject({ seats: 50, used: 6, free: 44, proSeats: 5, proUsed: 1, proFree: 4 });
    const lowered = await setSeats(buildContext(t.store), { seats: 6 });
    expect(lowered).toMatchObject({ seats: 6, used: 6, free: 0, proSeats: 5 });
    const audit = await t.store.auditEntries.find({ action: 'license.set_seats' }).sort({ at: 1 }).lean();
    expect(audit.map((a) => a.after)).toEqual([
      { seats: 50, proSeats: 5 },
      { seats: 6, proSeats: 5 },
    ]);
  });

  it('refuses to go below the seats in use, saying how many are in use', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 3, proSeats: 4, proSeatsFree: 1 });
    const error = await refusal(setSeats(buildContext(t.store), { seats: 5 }));
    expect(error).toMatchObject({ code: 'invalid_state' });
    expect(error!.message).toContain('7 licenses are in use');
    const pro = await refusal(setSeats(buildContext(t.store), { seats: 10, proSeats: 2 }));
    expect(pro!.message).toContain('3 Pro licenses are in use');
    expect(await org()).toMatchObject({ seats: 10, seatsFree: 3, proSeats: 4, proSeatsFree: 1 });
  });

  it('settles an overdrawn organization (a bootstrap admin before any seats were set)', async () => {
    await createOrganization(t.store, { seats: 0, seatsFree: -1, proSeats: 0 });
    expect(await setSeats(buildContext(t.store), { seats: 20 })).toMatchObject({ seats: 20, used: 1, free: 19 });
  });

  it('refuses more Pro licenses than licenses, negative and absurd counts', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 2 });
    expect((await refusal(setSeats(buildContext(t.store), { seats: 5, proSeats: 6 })))!.code).toBe('invalid_input');
    expect((await refusal(setSeats(buildContext(t.store), { seats: 1 })))!.message).toContain('--pro');
    expect((await refusal(setSeats(buildContext(t.store), { seats: -1 })))!.code).toBe('invalid_input');
    expect((await refusal(setSeats(buildContext(t.store), { seats: 1.5 })))!.code).toBe('invalid_input');
    expect((await refusal(setSeats(buildContext(t.store), { seats: 10_000_000 })))!.code).toBe('invalid_input');
    expect(await org()).toMatchObject({ seats: 10, proSeats: 2 });
  });

  it('is for admins only', async () => {
    await createOrganization(t.store, { seats: 10 });
    expect(
      await refusal(setSeats(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { seats: 99 })),
    ).toMatchObject({ code: 'not_authorized' });
    expect(await org()).toMatchObject({ seats: 10 });
  });

  it('never leaves more people than licenses when seats are lowered while people are invited', async () => {
    await createOrganization(t.store, { seats: 10, seatsFree: 5, proSeats: 0 });
    const ctx = buildContext(t.store);
    const [lowered, invited] = await Promise.allSettled([
      setSeats(ctx, { seats: 6 }),
      inviteUsers(ctx, { emails: ['a@example.com', 'b@example.com', 'c@example.com'] }),
    ]);
    const after = (await org())!;
    expect(after.seatsFree).toBeGreaterThanOrEqual(0);
    const pending = await t.store.invitations.countDocuments({ status: 'pending' });
    expect(after.seats - after.seatsFree).toBe(5 + pending);
    if (lowered.status === 'fulfilled') expect(after.seats).toBe(6);
    else expect(after.seats).toBe(10);
    expect(invited.status).toBe('fulfilled');
  });

  it('lets one of two admins setting the seats at once win, and tells the other', async () => {
    await createOrganization(t.store, { seats: 10 });
    const results = await Promise.allSettled([
      setSeats(buildContext(t.store), { seats: 20 }),
      setSeats(buildContext(t.store), { seats: 30 }),
    ]);
    const after = (await org())!;
    expect(after.seatsFree).toBe(after.seats);
    expect([20, 30]).toContain(after.seats);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
  });
});

describe('setPro', () => {
  it('gives an active user Pro and takes it back, moving one Pro seat each way', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 2 });
    await createUser(t.store, { email: 'a@example.com' });
    expect(await setPro(buildContext(t.store), { email: 'A@example.com', pro: true })).toEqual({
      email: 'a@example.com',
      licenseType: 'pro',
      changed: true,
      pending: false,
    });
    expect(await org()).toMatchObject({ proSeatsFree: 1 });
    expect(await t.store.users.findById(`${ORG_ID}:a@example.com`).lean()).toMatchObject({
      licenseType: 'pro',
      version: 1,
    });
    expect(await setPro(buildContext(t.store), { email: 'a@example.com', pro: true })).toMatchObject({
      changed: false,
    });
    expect(await setPro(buildContext(t.store), { email: 'a@example.com', pro: false })).toMatchObject({
      licenseType: 'standard',
      changed: true,
    });
    expect(await org()).toMatchObject({ proSeatsFree: 2 });
    expect(await t.store.auditEntries.countDocuments({ action: 'user.set_license' })).toBe(2);
  });

  it('changes the license of a pending invitation', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 2 });
    await inviteUsers(buildContext(t.store), { emails: ['p@example.com'] });
    expect(await setPro(buildContext(t.store), { email: 'p@example.com', pro: true })).toMatchObject({
      pending: true,
      changed: true,
    });
    expect(await t.store.invitations.findById(`${ORG_ID}:p@example.com`).lean()).toMatchObject({ licenseType: 'pro' });
    expect(await org()).toMatchObject({ proSeatsFree: 1 });
  });

  it('fails clearly when no Pro license is left, changing nothing', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 1, proSeatsFree: 0 });
    await createUser(t.store, { email: 'a@example.com' });
    const error = await refusal(setPro(buildContext(t.store), { email: 'a@example.com', pro: true }));
    expect(error).toMatchObject({ code: 'no_seats' });
    expect(error!.message).toContain('the account has 1 Pro license and 1 is in use');
    expect(await t.store.users.findById(`${ORG_ID}:a@example.com`).lean()).toMatchObject({ licenseType: 'standard' });
  });

  it('moves one Pro seat when two admins give the same person Pro at once', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 5 });
    await createUser(t.store, { email: 'a@example.com' });
    const results = await Promise.all([
      setPro(buildContext(t.store), { email: 'a@example.com', pro: true }),
      setPro(buildContext(t.store), { email: 'a@example.com', pro: true }),
    ]);
    expect(results.map((r) => r.changed).sort()).toEqual([false, true]);
    expect(await org()).toMatchObject({ proSeatsFree: 4 });
  });

  it('refuses deactivated users, unknown people, bad addresses and non-admins', async () => {
    await createOrganization(t.store, { seats: 10, proSeats: 2 });
    await createUser(t.store, { email: 'gone@example.com', status: 'deactivated' });
    await createUser(t.store, { email: 'a@example.com' });
    expect(await refusal(setPro(buildContext(t.store), { email: 'gone@example.com', pro: true }))).toMatchObject({
      code: 'invalid_state',
    });
    expect(await refusal(setPro(buildContext(t.store), { email: 'nobody@example.com', pro: true }))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(setPro(buildContext(t.store), { email: 'nope', pro: true }))).toMatchObject({
      code: 'invalid_input',
    });
    expect(
      await refusal(
        setPro(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { email: 'a@example.com', pro: true }),
      ),
    ).toMatchObject({ code: 'not_authorized' });
    expect(await org()).toMatchObject({ proSeatsFree: 2 });
  });
});
