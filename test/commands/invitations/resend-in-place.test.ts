import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createUser } from '../../support/factories.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';

/**
 * Issue 9, item 3: a resend posted a new invitation DM and left the old Accept button live. Now the
 * earlier DM is updated in place (its Accept goes, it points to the newest), so one Accept remains;
 * `/ub resend --all` asks with the count first and runs as a durable job.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADA', email: 'ada@acme.test', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'U_BOB', email: 'bob@acme.test', realName: 'Bob Builder' });
  t.fake.addUser({ id: 'U_CAT', email: 'cat@acme.test', realName: 'Cat Coder' });
  await createUser(t.store, { email: 'ada@acme.test', role: 'admin' });
  await t.slack.slashCommand({ userId: 'U_ADA', text: 'help' });
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 9 } }).exec();
});
afterAll(async () => {
  await t.stop();
});

/** Bob's invitation DMs as they read now: which still carry a live Accept button. */
function bobsDms() {
  return t.fake.messagesIn('U_BOB').map((m) => ({
    ts: m.ts,
    accept: findButton(m.blocks, 'invitation.accept') !== undefined,
    text: asText(m.blocks),
  }));
}

async function answer(commandText: string) {
  const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADA', text: commandText });
  return { post: await t.fake.waitForResponsePost(responseUrl), responseUrl };
}

async function waitForDms(count: number) {
  await t.fake.waitForCall('chat.postMessage', () => t.fake.messagesIn('U_BOB').length >= count);
}

/** Bob's invitation once it records where its newest DM landed (after the request's DMs went out). */
async function bobsInvitationAt(ts: string) {
  for (let i = 0; i < 100; i += 1) {
    const invitation = await t.store.invitations.findById('T_TEST:bob@acme.test').lean().exec();
    if (invitation?.dm?.ts === ts) return invitation;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the invitation never recorded the DM ${ts}`);
}

describe('resending an invitation', () => {
  it('turns the earlier DM’s Accept off in place, so one live Accept remains', async () => {
    await answer('invite bob@acme.test cat@acme.test');
    await waitForDms(1);
    expect(bobsDms().map((m) => m.accept)).toEqual([true]);
    expect((await bobsInvitationAt(bobsDms()[0]!.ts)).dm).toEqual({ channel: 'DU_BOB', ts: bobsDms()[0]!.ts });
    await t.fake.waitForCall('chat.postMessage', () => t.fake.messagesIn('U_CAT').length === 1);

    expect((await answer('resend bob@acme.test')).post.text).toBe('Resent invitations: 1 done, 0 skipped, 0 failed');
    await waitForDms(2);
    await t.fake.waitForCall('chat.update', (c) => c.args.channel === 'DU_BOB');
    await bobsInvitationAt(bobsDms()[1]!.ts);
    const [first, second] = bobsDms();
    expect(first).toMatchObject({ accept: false });
    expect(first!.text).toContain('This invitation was sent again: accept it from the newest message from ub below.');
    expect(first!.text).toContain('invited you to learn with');
    expect(second).toMatchObject({ accept: true });
    for (const message of t.fake.messagesIn('U_BOB')) expect(validateBlocks(message.blocks, 'message')).toEqual([]);
  });

  it('asks before resending all, runs as a job, and leaves one Accept per invitee', async () => {
    const { post, responseUrl } = await answer('resend --all');
    expect(post.text).toBe('Resend all 2 pending invitations?');
    expect(bobsDms()).toHaveLength(2);
    const confirm = findButton(post.blocks, 'invitations.resend_all');
    await t.slack.blockAction({ userId: 'U_ADA', actionId: confirm!.action_id, value: confirm!.value, responseUrl });
    const second = bobsDms()[1]!.ts;
    await waitForBulkRuns(t.store);
    await waitForDms(3);
    await t.fake.waitForCall('chat.update', (c) => c.args.ts === second);
    await t.fake.waitForCall('chat.update', (c) => c.args.channel === 'DU_CAT');
    expect(bobsDms().map((m) => m.accept)).toEqual([false, false, true]);
    expect(t.fake.messagesIn('U_CAT').map((m) => findButton(m.blocks, 'invitation.accept') !== undefined)).toEqual([
      false,
      true,
    ]);
    expect(await bobsInvitationAt(bobsDms()[2]!.ts)).toMatchObject({ sendCount: 3 });
  });

  it('leaves a DM that Slack will not update as it is: its Accept is harmless', async () => {
    const dms = bobsDms();
    await t.store.invitations
      .updateOne({ _id: 'T_TEST:bob@acme.test' }, { $set: { dm: { channel: 'DU_BOB', ts: '1.000000' } } })
      .exec();
    expect((await answer('resend bob@acme.test')).post.text).toBe('Resent invitations: 1 done, 0 skipped, 0 failed');
    await waitForDms(dms.length + 1);
    expect(bobsDms().at(-1)).toMatchObject({ accept: true });
    // Accept on any of them joins once.
    const click = await t.slack.blockAction({
      userId: 'U_BOB',
      actionId: 'invitation.accept',
      value: 'accept',
      channelId: 'DU_BOB',
    });
    expect(asText(await t.fake.waitForResponsePost(click.responseUrl))).toContain('You have joined');
    expect(await t.store.users.countDocuments({ email: 'bob@acme.test' })).toBe(1);
  });
});
