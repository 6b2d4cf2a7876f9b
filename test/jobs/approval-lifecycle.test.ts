import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { APPROVAL_LIFECYCLE_JOB } from '../../src/jobs/approval-lifecycle.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createGroup, createUser } from '../support/factories.js';
import { asText, findButton } from '../support/posted-blocks.js';
import { cardIn, clickOnCard, codeOf, submitRequestForm } from '../commands/approvals/approval-support.js';

let t: TestApp;
let dataId: string;
const past = () => new Date(Date.now() - 60_000);
const user = (email: string) => t.store.users.findById(`T_TEST:${email}`).lean().exec();
const setOnRequest = (code: string, fields: Record<string, unknown>) =>
  t.store.approvalRequests.updateOne({ _id: `T_TEST:${code}` }, { $set: fields }).exec();
const runLifecycle = () => t.app.deps.jobs.now(APPROVAL_LIFECYCLE_JOB);
const dmWith = (userId: string, words: string) =>
  t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === userId && String(c.args.text).includes(words), 8000);

beforeAll(async () => {
  t = await startTestApp();
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_GA', 'ga@example.com'],
    ['U_PLAIN', 'plain@example.com'],
    ['U_NEW', 'new@example.com'],
    ['U_NEW2', 'new2@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  dataId = (await createGroup(t.store, { name: 'Data' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA',
    managedGroups: [{ groupId: dataId, permissions: [] }],
  });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.users.deleteMany({ email: 'plain@example.com' });
  await createUser(t.store, { email: 'plain@example.com' });
  await t.store.approvalRequests.deleteMany({});
  await t.store.pendingRequestKeys.deleteMany({});
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 20, seatsFree: 10, proSeats: 3, proSeatsFree: 2 } },
  );
});

describe('the approvals lifecycle job', () => {
  it('expires a request nobody decided: every card updated, the requester told, the ask free again', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "reports"');
    const card = await cardIn(t, 'U_GA');
    const code = codeOf(card);
    await setOnRequest(code, { expiresAt: past() });
    await runLifecycle();
    await dmWith('U_PLAIN', 'Expired');
    const updated = await cardIn(t, 'U_GA', code);
    expect(asText(updated.blocks)).toContain('Expired');
    expect(findButton(updated.blocks, 'approvals.approve')).toBeUndefined();
    expect(
      await t.store.auditEntries.countDocuments({ action: 'request.expired', approvalRequestId: `T_TEST:${code}` }),
    ).toBe(1);
    expect(asText(await t.slack.answer('U_PLAIN', 'join Data --reason "again"'))).toContain('sent to');
  });

  it('escalates a group request left waiting to the org admins and reminds the group admins', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "reports"');
    const code = codeOf(await cardIn(t, 'U_GA'));
    expect(t.fake.messagesIn('U_ADMIN')).toEqual([]);
    await setOnRequest(code, { escalateAt: past() });
    await runLifecycle();
    await dmWith('U_GA', `Reminder: request ${code}`);
    const adminCard = await cardIn(t, 'U_ADMIN', code);
    await clickOnCard(t, 'U_ADMIN', adminCard, 'approve');
    await dmWith('U_PLAIN', 'Approved by <@U_ADMIN>');
    expect((await user('plain@example.com'))!.groupIds).toContain(dataId);
    const gaCopy = await cardIn(t, 'U_GA', code);
    expect(findButton(gaCopy.blocks, 'approvals.approve')).toBeUndefined();
    expect(
      await t.store.auditEntries.countDocuments({ action: 'request.escalated', approvalRequestId: `T_TEST:${code}` }),
    ).toBe(1);
  });

  it('takes back a time-bound membership: a warning with "Ask to extend" a day before, then the end', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --days 30 --reason "one quarter"');
    const card = await cardIn(t, 'U_GA');
    const code = codeOf(card);
    await clickOnCard(t, 'U_GA', card, 'approve');
    await dmWith('U_PLAIN', 'Approved');
    const granted = await t.store.approvalRequests.findById(`T_TEST:${code}`).lean().exec();
    expect(granted!.grantEndsAt!.getTime() - granted!.decidedAt!.getTime()).toBeGreaterThanOrEqual(
      30 * 86_400_000 - 5000,
    );

    await setOnRequest(code, { grantEndsAt: new Date(Date.now() + 3_600_000) });
    await runLifecycle();
    const warning = await dmWith('U_PLAIN', 'Ask to extend');
    const blocks: unknown =
      typeof warning.args.blocks === 'string' ? JSON.parse(warning.args.blocks) : warning.args.blocks;
    const extend = findButton(blocks, 'ub.run')!;
    expect(JSON.parse(extend.value)).toEqual({ c: 'request group add "Data" me --days 30' });
    expect((await user('plain@example.com'))!.groupIds).toContain(dataId);

    await setOnRequest(code, { grantEndsAt: past() });
    await runLifecycle();
    await dmWith('U_PLAIN', 'is over');
    expect((await user('plain@example.com'))!.groupIds).not.toContain(dataId);
    expect(
      await t.store.auditEntries.countDocuments({
        action: 'group.member_removed',
        approvalRequestId: `T_TEST:${code}`,
      }),
    ).toBe(1);
    expect(
      await t.store.auditEntries.countDocuments({ action: 'request.grant_ended', approvalRequestId: `T_TEST:${code}` }),
    ).toBe(1);
  });

  it('keeps a membership whose extension was approved before the first period ended', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --days 10 --reason "a sprint"');
    const card = await cardIn(t, 'U_GA');
    const code = codeOf(card);
    await clickOnCard(t, 'U_GA', card, 'approve');
    await dmWith('U_PLAIN', 'Approved');
    await setOnRequest(code, { grantEndsAt: new Date(Date.now() + 3_600_000) });
    await runLifecycle();
    const warning = await dmWith('U_PLAIN', 'Ask to extend');
    const blocks: unknown =
      typeof warning.args.blocks === 'string' ? JSON.parse(warning.args.blocks) : warning.args.blocks;
    const extend = findButton(blocks, 'ub.run')!;
    const click = await t.slack.blockAction({ userId: 'U_PLAIN', actionId: extend.action_id, value: extend.value });
    await submitRequestForm(t, 'U_PLAIN', click.triggerId, 'the sprint runs on');
    const extension = await t.fake.waitForCall(
      'chat.postMessage',
      (c) =>
        c.args.channel === 'U_GA' &&
        JSON.stringify(c.args).includes('approvals.approve') &&
        !JSON.stringify(c.args).includes(code),
    );
    const extensionCard = t.fake.messagesIn('U_GA').find((m) => m.text === extension.args.text)!;
    await clickOnCard(t, 'U_GA', structuredClone(extensionCard), 'approve');
    await dmWith('U_PLAIN', 'already in Data');

    await setOnRequest(code, { grantEndsAt: past() });
    await runLifecycle();
    await dmWith('U_PLAIN', 'kept: a later request granted it for longer');
    expect((await user('plain@example.com'))!.groupIds).toContain(dataId);
  });

  it('waitlists approved seat requests when no seat is left and carries them out in order as seats free up', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 0 } }).exec();
    await t.slack.answer('U_NEW', 'request access --reason "new in the team"');
    const first = await cardIn(t, 'U_ADMIN');
    expect(asText(first.blocks)).toContain('none is free now');
    await clickOnCard(t, 'U_ADMIN', first, 'approve');
    await dmWith('U_NEW', 'You are number 1 in line');
    await t.slack.answer('U_NEW2', 'request access --reason "also new"');
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_ADMIN' && String(c.args.text).includes('new2@'),
    );
    const second = await cardIn(t, 'U_ADMIN');
    await clickOnCard(t, 'U_ADMIN', second, 'approve');
    await dmWith('U_NEW2', 'You are number 2 in line');

    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 1 } }).exec();
    await runLifecycle();
    await dmWith('U_NEW', 'done: invited');
    expect(await t.store.invitations.findById('T_TEST:new@example.com').lean().exec()).toMatchObject({
      status: 'pending',
    });
    expect(await t.store.invitations.findById('T_TEST:new2@example.com').lean().exec()).toBeNull();
    expect(
      (await t.store.approvalRequests
        .findById(`T_TEST:${codeOf(second)}`)
        .lean()
        .exec())!.outcome,
    ).toBe('waitlisted');
    const firstCard = await cardIn(t, 'U_ADMIN', codeOf(first));
    expect(asText(firstCard.blocks)).toContain('done: invited');
  });
});
