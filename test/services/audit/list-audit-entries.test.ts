import { beforeEach, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { listAuditEntries } from '../../../src/services/audit/list-audit-entries.js';
import { deactivateUser } from '../../../src/services/people/deactivate-user.js';
import type { UbError } from '../../../src/services/errors.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import type { AuditEntryDoc } from '../../../src/services/models/audit-entry.js';
import { clearDatabase, refusal as refusalOf, useTestDatabase } from '../../support/use-test-database.js';
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
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store);
});

const refusal = (promise: Promise<unknown>) => refusalOf<UbError>(promise);

function entry(overrides: Partial<AuditEntryDoc>): AuditEntryDoc {
  return {
    _id: randomUUID(),
    orgId: ORG_ID,
    at: new Date('2026-11-01T00:00:00Z'),
    actor: { slackUserId: 'U_A', email: 'a@example.com', role: 'admin' },
    action: 'user.change_role',
    targetType: 'user',
    targetId: `${ORG_ID}:x@example.com`,
    subjects: ['x@example.com'],
    before: null,
    after: null,
    source: 'command',
    requestId: undefined,
    ...overrides,
  };
}

describe('listAuditEntries', () => {
  it('lists newest first and pages both ways, entries with the same time ordered by id', async () => {
    // 12 entries, two per minute, so ties on `at` cross page boundaries.
    const docs = Array.from({ length: 12 }, (_, i) =>
      entry({ _id: `id-${String(i).padStart(2, '0')}`, at: new Date(Date.UTC(2026, 10, 1, 0, Math.floor(i / 2))) }),
    );
    await t.store.auditEntries.insertMany(docs);
    const newestFirst = docs.map((d) => d._id).reverse();
    const first = await listAuditEntries(buildContext(t.store), { limit: 5 });
    expect(first.entries.map((e) => e.id)).toEqual(newestFirst.slice(0, 5));
    expect(first.previous).toBeUndefined();
    const second = await listAuditEntries(buildContext(t.store), { limit: 5, after: first.next! });
    expect(second.entries.map((e) => e.id)).toEqual(newestFirst.slice(5, 10));
    const third = await listAuditEntries(buildContext(t.store), { limit: 5, after: second.next! });
    expect(third.entries.map((e) => e.id)).toEqual(newestFirst.slice(10));
    expect(third.next).toBeUndefined();
    const back = await listAuditEntries(buildContext(t.store), { limit: 5, before: third.previous! });
    expect(back.entries.map((e) => e.id)).toEqual(newestFirst.slice(5, 10));
    expect(back.next).toBeDefined();
    const start = await listAuditEntries(buildContext(t.store), { limit: 5, before: back.previous! });
    expect(start.entries.map((e) => e.id)).toEqual(newestFirst.slice(0, 5));
    expect(start.previous).toBeUndefined();
  });

  it('narrows to one person by email, covering their invitation and their user entries', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['bob@example.com', 'carol@example.com'] });
    await createUser(t.store, { email: 'dave@example.com' });
    await deactivateUser(buildContext(t.store), 'dave@example.com');
    const bob = await listAuditEntries(buildContext(t.store), { subject: 'Bob@Example.com', limit: 10 });
    expect(bob.subject).toEqual({ kind: 'person', label: 'bob@example.com' });
    expect(bob.entries.map((e) => [e.action, e.targetLabel])).toEqual([['invitation.create', 'bob@example.com']]);
    const dave = await listAuditEntries(buildContext(t.store), { subject: 'dave@example.com', limit: 10 });
    expect(dave.entries).toMatchObject([
      {
        action: 'user.deactivate',
        targetLabel: 'dave@example.com',
        actor: { email: 'actor@example.com' },
        source: 'command',
      },
    ]);
  });

  it('narrows to one group by name, case-insensitively', async () => {
    const data = await createGroup(t.store, { name: 'Data Eng' });
    await t.store.auditEntries.insertMany([
      entry({ action: 'group.create', targetType: 'group', targetId: data._id, subjects: [] }),
      entry({ action: 'invitation.create', subjects: ['x@example.com', data._id] }),
      entry({ action: 'invitation.create', subjects: ['y@example.com'] }),
    ]);
    const page = await listAuditEntries(buildContext(t.store), { subject: 'data eng', limit: 10 });
    expect(page.subject).toEqual({ kind: 'group', label: 'Data Eng' });
    expect(page.entries.map((e) => e.action).sort()).toEqual(['group.create', 'invitation.create']);
    expect(page.entries.find((e) => e.action === 'group.create')?.targetLabel).toBe('Data Eng');
  });

  it('refuses an unknown group, a malformed cursor, and everyone but admins', async () => {
    expect(await refusal(listAuditEntries(buildContext(t.store), { subject: 'Nope', limit: 10 }))).toMatchObject({
      code: 'not_found',
    });
    expect(await refusal(listAuditEntries(buildContext(t.store), { subject: 'bad@', limit: 10 }))).toMatchObject({
      code: 'invalid_input',
    });
    expect(await refusal(listAuditEntries(buildContext(t.store), { after: 'garbage', limit: 10 }))).toMatchObject({
      code: 'invalid_input',
    });
    const group = await createGroup(t.store);
    const ga = groupAdminActor([{ groupId: group._id, permissions: ['invite_deactivate'] }]);
    expect(await refusal(listAuditEntries(buildContext(t.store, { actor: ga }), { limit: 10 }))).toMatchObject({
      code: 'not_authorized',
    });
    expect(
      await refusal(listAuditEntries(buildContext(t.store, { actor: buildActor({ role: 'user' }) }), { limit: 10 })),
    ).toMatchObject({ code: 'not_authorized' });
  });

  it('shows only the organization’s own entries', async () => {
    await t.store.auditEntries.insertMany([entry({ action: 'mine' }), entry({ orgId: 'T_OTHER', action: 'theirs' })]);
    expect((await listAuditEntries(buildContext(t.store), { limit: 10 })).entries.map((e) => e.action)).toEqual([
      'mine',
    ]);
  });
});
