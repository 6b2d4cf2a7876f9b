import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateView } from '../../support/fake-slack/index.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';

/**
 * App Home as a dashboard by role (issue 9, item 10), and what someone ub does not know sees
 * there and from `/ub user me` (item 5).
 */
let t: TestApp;
let eventNumber = 0;

/** Opens the Home tab and returns the published view. */
async function openHome(user: string): Promise<{ blocks: unknown[]; all: string }> {
  const before = t.fake.callsTo('views.publish').length;
  eventNumber += 1;
  await t.slack.event({
    event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.0' },
    eventId: `Ev-home-${eventNumber}`,
  });
  const publish = await t.fake.waitForCall(
    'views.publish',
    (c) => c.args.user_id === user && t.fake.callsTo('views.publish').indexOf(c) >= before,
  );
  expect(publish.ok).toBe(true);
  const view = asJson(publish.args.view) as { blocks: unknown[] };
  expect(validateView(view)).toEqual([]);
  expect(view.blocks.length).toBeLessThanOrEqual(100);
  return { blocks: view.blocks, all: asText(view.blocks) };
}

beforeAll(async () => {
  t = await startTestApp();
  for (const [id, email] of [
    ['UADA', 'ada@acme.test'],
    ['UGA1', 'ga1@acme.test'],
    ['UGA2', 'ga2@acme.test'],
    ['ULEA', 'lea@acme.test'],
    ['UUMA', 'uma@acme.test'],
    ['UINV', 'inv@acme.test'],
  ] as const)
    t.fake.addUser({ id, email });
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { name: 'Acme', seats: 250, seatsFree: 245, proSeats: 20, proSeatsFree: 20, seatsSetAt: new Date() } },
  );
  const engineering = await createGroup(t.store, { name: 'Engineering' });
  const support = await createGroup(t.store, { name: 'Support' });
  await createUser(t.store, { email: 'ada@acme.test', role: 'admin', slackUserId: 'UADA' });
  await createUser(t.store, { email: 'lea@acme.test', groupIds: [support._id], firstName: 'Lea' });
  await t.store.groups.updateOne({ _id: support._id }, { $inc: { memberCount: 1 } });
  await createUser(t.store, {
    email: 'ga1@acme.test',
    role: 'group_admin',
    slackUserId: 'UGA1',
    managedGroups: [{ groupId: support._id, permissions: [] }],
  });
  await createUser(t.store, {
    email: 'ga2@acme.test',
    role: 'group_admin',
    managedGroups: [{ groupId: engineering._id, permissions: ['invite_deactivate'] }],
  });
  await t.slack.answer('UADA', 'invite inv@acme.test old@acme.test --group Engineering');
  await t.store.invitations.updateOne(
    { _id: 'T_TEST:old@acme.test' },
    { $set: { firstSentAt: new Date(Date.now() - 3 * 86_400_000 - 60_000) } },
  );
});
afterAll(async () => {
  await t.stop();
});

describe('App Home for an admin', () => {
  it('shows licenses used and free, pending invitations with the oldest age, actions and recent changes', async () => {
    const { blocks, all } = await openHome('UADA');
    expect(all).toContain('You are an admin: every command is yours.');
    expect(all).toContain('*Licenses*\\n7 of 250 in use · 243 free');
    expect(all).toContain('*Pro licenses*\\n0 of 20 in use · 20 free');
    expect(all).toContain('*Pending invitations:* 2 · the oldest was sent 3 days ago (old@acme.test)');
    for (const command of ['invite', 'invitations', 'group-list', 'license'])
      expect(findButton(blocks, `ub.run:${command}`)).toBeDefined();
    expect(all).toContain('*Recent changes*');
    expect(all).toContain(
      '<@UADA> invited 2 people (inv@acme.test, old@acme.test) as users with standard licenses into *Engineering*.',
    );
  });

  it('lists pending invitations from the Home button, as a DM (a Home tab has no response_url)', async () => {
    const { blocks } = await openHome('UADA');
    const button = findButton(blocks, 'ub.run:invitations')!;
    await t.slack.blockAction({
      userId: 'UADA',
      actionId: button.action_id,
      value: button.value,
      view: { id: 'VHOME', type: 'home' },
    });
    const dm = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'UADA' && String(c.args.text).startsWith('Pending invitations'),
    );
    expect(dm.args.text).toBe('Pending invitations: 2');
  });
});

describe('App Home for group admins', () => {
  it('shows a group admin with the invite permission their groups with member and invitee counts, and invite actions', async () => {
    const { blocks, all } = await openHome('UGA2');
    expect(all).toContain('*Engineering* — 0 members · 2 invited · you may invite and deactivate');
    expect(findButton(blocks, 'ub.run:group-show-0')?.value).toBe(JSON.stringify({ c: 'group show "Engineering"' }));
    expect(findButton(blocks, 'ub.run:invite')).toBeDefined();
    expect(findButton(blocks, 'ub.run:invitations')).toBeDefined();
    expect(findButton(blocks, 'ub.run:license')).toBeUndefined();
  });

  it('shows a group admin without it only what they may do, and how to get more', async () => {
    const { blocks, all } = await openHome('UGA1');
    expect(all).toContain('*Support* — 1 member · 0 invited');
    expect(findButton(blocks, 'ub.run:invite')).toBeUndefined();
    expect(findButton(blocks, 'ub.run:group-add')).toBeDefined();
    expect(all).toContain('With the invite/deactivate permission');
  });

  it('stays within 100 blocks for a group admin of many groups', async () => {
    const many = await Promise.all(
      Array.from({ length: 60 }, (_, i) => createGroup(t.store, { name: `Team ${String(i).padStart(2, '0')}` })),
    );
    t.fake.addUser({ id: 'UGAM', email: 'many@acme.test' });
    await createUser(t.store, {
      email: 'many@acme.test',
      role: 'group_admin',
      managedGroups: many.map((g) => ({ groupId: g._id, permissions: [] })),
    });
    const { all } = await openHome('UGAM');
    expect(all).toContain('…and 50 more groups: `/ub group list` shows them all.');
  });
});

describe('App Home and /ub user me for everyone else', () => {
  it('shows a learner their groups, license and whom to ask', async () => {
    const { blocks, all } = await openHome('ULEA');
    expect(all).toContain('You are a learner.');
    expect(all).toContain('Groups: *Support*');
    expect(all).toContain('*Need help?* Ask your group admin or a ub admin: <@UGA1> or <@UADA>.');
    expect(findButton(blocks, 'ub.run:user-me')).toBeDefined();
  });

  it('tells a workspace member ub does not know that they have no account yet and whom to ask, suggesting no command they may not run', async () => {
    const { all } = await openHome('UUMA');
    expect(all).toContain('You have no learning account in ub yet (nobody invited uma@acme.test).');
    expect(all).toContain('To get one, ask an admin to invite you: <@UADA>.');
    expect(all).not.toMatch(/signed in|\(User\)|\/ub users/);
    const me = await t.slack.answer('UUMA', 'user me');
    expect(me.text).toBe(
      'You have no learning account in ub yet (nobody invited uma@acme.test). To get one, ask an admin to invite you: <@UADA>.',
    );
    expect(asText(me)).not.toContain('/ub users');
  });

  it('tells an invitee who has not accepted yet where their invitation is', async () => {
    const { all } = await openHome('UINV');
    expect(all).toContain('You are invited as inv@acme.test but have not joined yet');
    const me = await t.slack.answer('UINV', 'user me');
    expect(me.text).toContain('You are invited as inv@acme.test but have not joined yet');
  });
});
