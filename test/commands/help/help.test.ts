import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText } from '../../support/posted-blocks.js';

/** `/ub help` shows each person what they can do (issue 9, item 7), and a family's commands on request. */
let t: TestApp;

async function help(userId: string, text = 'help'): Promise<{ text: string; all: string }> {
  const { ack, responseUrl } = await t.slack.slashCommand({ userId, text });
  const post = (ack.body as Record<string, unknown> | undefined) ?? (await t.fake.waitForResponsePost(responseUrl));
  expect(validateBlocks(post.blocks, 'message')).toEqual([]);
  return { text: String(post.text), all: asText(post.blocks) };
}

beforeAll(async () => {
  t = await startTestApp();
  const support = await createGroup(t.store, { name: 'Support' });
  const sales = await createGroup(t.store, { name: 'Sales' });
  for (const [id, email] of [
    ['UADA', 'ada@acme.test'],
    ['ULEA', 'lea@acme.test'],
    ['UGA1', 'ga1@acme.test'],
    ['UGA2', 'ga2@acme.test'],
    ['UUMA', 'uma@acme.test'],
  ] as const)
    t.fake.addUser({ id, email });
  await createUser(t.store, { email: 'ada@acme.test', role: 'admin', slackUserId: 'UADA' });
  await createUser(t.store, { email: 'lea@acme.test', groupIds: [support._id] });
  await createUser(t.store, {
    email: 'ga1@acme.test',
    role: 'group_admin',
    managedGroups: [{ groupId: support._id, permissions: [] }],
  });
  await createUser(t.store, {
    email: 'ga2@acme.test',
    role: 'group_admin',
    managedGroups: [{ groupId: sales._id, permissions: ['invite_deactivate'] }],
  });
});
afterAll(async () => {
  await t.stop();
});

describe('/ub help by role', () => {
  it('shows a learner their few commands and whom to ask for more', async () => {
    const { text, all } = await help('ULEA');
    expect(text).toBe('What you can do in ub');
    expect(all).toContain('/ub user &lt;email, @mention or me&gt;');
    expect(all).not.toContain('/ub invite');
    expect(all).not.toContain('/ub group list');
    expect(all).toContain('Group admins and admins can do more');
    expect(all).toContain('<@UADA>');
  });

  it('shows a group admin without the invite permission the group commands, and what the permission adds', async () => {
    const { all } = await help('UGA1');
    expect(all).toContain('You are a group admin of *Support*.');
    expect(all).toContain('/ub group add');
    expect(all).toContain('/ub users');
    expect(all).not.toContain('/ub invite ');
    expect(all).not.toContain('/ub deactivate');
    expect(all).not.toContain('/ub license');
    expect(all).toContain('With the invite/deactivate permission');
  });

  it('shows a group admin with the invite permission the invitation commands too', async () => {
    const { all } = await help('UGA2');
    for (const command of ['/ub invite ', '/ub invitations', '/ub resend', '/ub cancel', '/ub deactivate'])
      expect(all).toContain(command);
    expect(all).not.toContain('/ub license');
    expect(all).not.toContain('/ub audit');
    expect(all).toContain('Admins also manage licenses, roles, groups and the audit log');
  });

  it('shows an admin every command', async () => {
    const { all } = await help('UADA');
    expect(all).toContain('You are an admin: every command is yours.');
    for (const command of ['/ub license seats', '/ub audit', '/ub group admin', '/ub role', '/ub reactivate'])
      expect(all).toContain(command);
  });

  it('tells a workspace member ub does not know that they have no account, suggesting nothing they may not run', async () => {
    const { all } = await help('UUMA');
    expect(all).toContain('You have no learning account in ub yet (nobody invited uma@acme.test).');
    expect(all).toContain('To get one, ask an admin to invite you: <@UADA>.');
    expect(all).not.toContain('/ub users');
  });
});

describe('help for a family', () => {
  it('answers /ub help group with the group commands', async () => {
    const { text, all } = await help('ULEA', 'help group');
    expect(text).toBe('/ub group commands');
    for (const name of ['list', 'show', 'create', 'rename', 'delete', 'add', 'remove', 'admin'])
      expect(all).toContain(`/ub group ${name}`);
    expect(all).toContain('_(admins)_');
  });

  it('answers /ub group alone the same way, not with "not a ub command"', async () => {
    const { text, all } = await help('UGA1', 'group');
    expect(text).toBe('/ub group commands');
    expect(all).not.toContain('is not a ub command');
  });

  it('answers /ub help license with the license commands', async () => {
    const { all } = await help('UADA', 'help license');
    for (const usage of ['`/ub license`', '/ub license seats', '/ub license pro']) expect(all).toContain(usage);
  });
});
