import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildContext, createGroup, createUser, groupAdminActor } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';

let t: TestApp;
const text = (body: unknown) => JSON.stringify(body);
const org = () => t.store.organizations.findById('T_TEST').lean().exec();
const emails = (n: number) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}@example.com`);

interface Button {
  action_id: string;
  value: string;
}

/** The buttons of a posted message, by action_id. */
function buttons(post: Record<string, unknown>): Map<string, Button> {
  const found = new Map<string, Button>();
  for (const block of post.blocks as Array<{ type: string; elements?: Button[] }>) {
    if (block.type === 'actions') for (const element of block.elements ?? []) found.set(element.action_id, element);
  }
  return found;
}

/** Clicks a button of a posted message and returns what replaced the message. */
async function click(
  userId: string,
  post: Record<string, unknown>,
  actionId: string,
): Promise<Record<string, unknown>> {
  const button = buttons(post).get(actionId);
  if (!button) throw new Error(`no button ${actionId} in ${[...buttons(post).keys()].join(', ')}`);
  const { responseUrl } = await t.slack.blockAction({ userId, actionId: button.action_id, value: button.value });
  return t.fake.waitForResponsePost(responseUrl);
}

/** The invitation emails listed in a posted list, in order. */
const listed = (post: Record<string, unknown>) =>
  (post.blocks as Array<{ type: string; text?: { text: string } }>)
    .filter((b) => b.type === 'section' && b.text?.text.startsWith('*p'))
    .map((b) => /^\*([^*]+)\*/.exec(b.text!.text)![1]);

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  t.fake.addUser({ id: 'U_P10', email: 'p10@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, { email: 'plain@example.com', role: 'user' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.invitations.deleteMany({});
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 100, seatsFree: 100, proSeats: 5, proSeatsFree: 5 } },
  );
});

describe('/ub invitations', () => {
  it('pages through pending invitations with Next and Previous, updating the message in place', async () => {
    await inviteUsers(buildContext(t.store), { emails: emails(25) });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invitations' });
    const first = await t.fake.waitForResponsePost(responseUrl);
    expect(first.text).toBe('Pending invitations: 25');
    expect(text(first.blocks)).toContain('page 1 of 3');
    expect(validateBlocks(first.blocks, 'message')).toEqual([]);
    expect(listed(first)).toEqual(emails(10));
    expect(buttons(first).has('invitations.page:prev')).toBe(false);

    const second = await click('U_ADMIN', first, 'invitations.page:next');
    expect(second.replace_original).toBe(true);
    expect(listed(second)).toEqual(emails(20).slice(10));
    expect(text(second.blocks)).toContain('page 2 of 3');

    const third = await click('U_ADMIN', second, 'invitations.page:next');
    expect(listed(third)).toEqual(emails(25).slice(20));
    expect(buttons(third).has('invitations.page:next')).toBe(false);

    const back = await click('U_ADMIN', third, 'invitations.page:prev');
    expect(listed(back)).toEqual(emails(20).slice(10));
    expect(text(back.blocks)).toContain('page 2 of 3');
  });

  it('resends from a row: the count goes up, the invitee is DMed again, and the page is redrawn with a note', async () => {
    await inviteUsers(buildContext(t.store), { emails: emails(12) });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invitations' });
    const second = await click('U_ADMIN', await t.fake.waitForResponsePost(responseUrl), 'invitations.page:next');
    const after = await click('U_ADMIN', second, 'invitations.resend:0');
    expect(after.replace_original).toBe(true);
    expect(text(after.blocks)).toContain('Resent the invitation to p10@example.com (sent twice)');
    expect(listed(after)).toEqual(['p10@example.com', 'p11@example.com']);
    expect(text(after.blocks)).toContain('sent 2 times');
    expect((await t.store.invitations.findById('T_TEST:p10@example.com').lean())!.sendCount).toBe(2);
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_P10');
    expect(text(dm.args.blocks)).toContain('invitation.accept');
  });

  it('cancels from a row, freeing the seat once even when the button is clicked twice', async () => {
    await inviteUsers(buildContext(t.store), { emails: emails(3) });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invitations' });
    const list = await t.fake.waitForResponsePost(responseUrl);
    const [afterFirst, afterSecond] = await Promise.all([
      click('U_ADMIN', list, 'invitations.cancel:1'),
      click('U_ADMIN', list, 'invitations.cancel:1'),
    ]);
    const notes = [text(afterFirst!.blocks), text(afterSecond!.blocks)];
    expect(notes.filter((n) => n.includes('Cancelled the invitation to p01@example.com'))).toHaveLength(1);
    expect(notes.filter((n) => n.includes('already cancelled'))).toHaveLength(1);
    expect(listed(afterFirst!)).toEqual(['p00@example.com', 'p02@example.com']);
    expect(await org()).toMatchObject({ seatsFree: 98 });
  });

  it('shows a group admin only the invitations into their groups, and refuses a plain user', async () => {
    const mine = await createGroup(t.store, { name: `Mine ${Date.now()}` });
    await createUser(t.store, {
      email: 'ga@example.com',
      role: 'group_admin',
      managedGroups: [{ groupId: mine._id, permissions: ['invite_deactivate'] }],
    });
    await inviteUsers(
      buildContext(t.store, { actor: groupAdminActor([{ groupId: mine._id, permissions: ['invite_deactivate'] }]) }),
      {
        emails: ['p50@example.com'],
        groupIds: [mine._id],
      },
    );
    await inviteUsers(buildContext(t.store), { emails: ['p51@example.com'] });
    const byGa = await t.slack.slashCommand({ userId: 'U_GA', text: 'invitations' });
    const list = await t.fake.waitForResponsePost(byGa.responseUrl);
    expect(listed(list)).toEqual(['p50@example.com']);
    expect(text(list.blocks)).toContain(mine.name);

    const byUser = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'invitations' });
    expect(text(await t.fake.waitForResponsePost(byUser.responseUrl))).toContain('Only ub admins can do that');
  });

  it('says so when there are no pending invitations', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invitations' });
    expect(text(await t.fake.waitForResponsePost(responseUrl))).toContain('No pending invitations');
  });
});

describe('/ub resend and /ub cancel', () => {
  it('resends by address and reports the rest per address', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['p01@example.com'] });
    const { responseUrl } = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: 'resend p01@example.com nobody@example.com',
    });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.text).toBe('Resent invitations: 1 done, 1 skipped, 0 failed');
    expect(text(post.blocks)).toContain('nobody@example.com — not invited; use `/ub invite`');
  });

  it('sends an address named twice once and reports the repeat, inline and as a job', async () => {
    await inviteUsers(buildContext(t.store), { emails: emails(7) });
    const inline = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'resend p01@example.com P01@Example.com' });
    const post = await t.fake.waitForResponsePost(inline.responseUrl);
    expect(post.text).toBe('Resent invitations: 1 done, 1 skipped, 0 failed');
    expect(text(post.blocks)).toContain('P01@Example.com — listed twice (same address as p01@example.com)');
    expect(await t.store.invitations.countDocuments({ sendCount: 2 })).toBe(1);

    const list = [...emails(7), 'p03@example.com'].slice(1).join(' ');
    const bulk = await t.slack.slashCommand({ userId: 'U_ADMIN', text: `resend ${list}` });
    expect(String((await t.fake.waitForResponsePost(bulk.responseUrl)).text)).toContain('Resending 6 invitations');
    await waitForBulkRuns(t.store);
    const result = t.fake.messagesIn('U_ADMIN').at(-1)!;
    expect(result.text).toBe('Resent invitations: 6 done, 1 skipped, 0 failed');
    expect(text(result.blocks)).toContain('p03@example.com — listed twice');
    expect(await t.store.invitations.countDocuments({ sendCount: 3 })).toBe(1);
    expect(await t.store.invitations.countDocuments({ sendCount: 2 })).toBe(5);
  });

  it('asks before resending every pending invitation with --all, then resends each once in a job', async () => {
    await inviteUsers(buildContext(t.store), { emails: emails(3) });
    const resendsBefore = await t.store.auditEntries.countDocuments({ action: 'invitation.resend' });
    const all = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'resend --all' });
    const preview = await t.fake.waitForResponsePost(all.responseUrl);
    expect(preview.text).toBe('Resend all 3 pending invitations?');
    expect(validateBlocks(preview.blocks, 'message')).toEqual([]);
    // Nothing is sent before the Confirm.
    expect(await t.store.invitations.countDocuments({ sendCount: 2 })).toBe(0);
    const started = await click('U_ADMIN', preview, 'invitations.resend_all');
    expect(started).toMatchObject({
      replace_original: true,
      text: ':hourglass_flowing_sand: Started: Resending 3 invitations — 0 of 3 done.',
    });
    // A second click on the same Confirm starts nothing more.
    const again = await click('U_ADMIN', preview, 'invitations.resend_all');
    expect(String(again.text)).toContain('Already started: Resending 3 invitations');
    await waitForBulkRuns(t.store);
    expect(t.fake.messagesIn('U_ADMIN').at(-1)!.text).toBe('Resent invitations: 3 done, 0 skipped, 0 failed');
    expect(await t.store.invitations.countDocuments({ sendCount: 2 })).toBe(3);
    expect(await t.store.auditEntries.countDocuments({ action: 'invitation.resend' })).toBe(resendsBefore + 3);
  });

  it('says there is nothing to resend, and refuses --all with addresses', async () => {
    const none = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'resend --all' });
    expect((await t.fake.waitForResponsePost(none.responseUrl)).text).toBe(
      'There are no pending invitations to resend.',
    );
    const both = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'resend p00@example.com --all' });
    expect(text(both.ack.body)).toContain('`--all` cannot be combined with email addresses');
  });

  it('cancels by address, freeing the license, and says so when there is nothing to cancel', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['p01@example.com'], pro: true });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'cancel P01@example.com' });
    expect((await t.fake.waitForResponsePost(responseUrl)).text).toBe(
      ':wastebasket: Cancelled the invitation to p01@example.com. Its license and Pro license are free again.',
    );
    expect(await org()).toMatchObject({ seatsFree: 100, proSeatsFree: 5 });
    const again = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'cancel p01@example.com' });
    expect(text(await t.fake.waitForResponsePost(again.responseUrl))).toContain('already cancelled');
    const bad = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'cancel not-an-email' });
    expect(text(bad.ack.body)).toContain('is not an email address or @mention');
  });

  it('shows the resend form errors under its fields', async () => {
    const empty = await t.slack.viewSubmission({ userId: 'U_ADMIN', callbackId: 'resend.submit', values: {} });
    expect(empty.ack.body).toEqual({
      response_action: 'errors',
      errors: { emails: 'Enter email addresses, or tick the box below.' },
    });
    const both = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'resend.submit',
      values: {
        emails: { emails: { type: 'plain_text_input', value: 'p00@example.com' } },
        all: { all: { type: 'checkboxes', selected_options: [{ value: 'all' }] } },
      },
    });
    expect(both.ack.body).toEqual({
      response_action: 'errors',
      errors: { all: 'Either addresses or every pending invitation, not both.' },
    });
  });

  it('opens the cancel form without arguments, and refuses the form to a plain user', async () => {
    const admin = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'cancel' });
    expect((await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === admin.triggerId)).ok).toBe(true);
    const plain = await t.slack.slashCommand({ userId: 'U_PLAIN', text: 'cancel' });
    expect(text(await t.fake.waitForResponsePost(plain.responseUrl))).toContain('Only ub admins can do that');
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'cancel.submit',
      values: { email: { email: { type: 'plain_text_input', value: 'nope' } } },
    });
    expect(ack.body).toEqual({ response_action: 'errors', errors: { email: 'Not a valid email address.' } });
  });
});
