import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { asText } from '../../support/posted-blocks.js';
import { cardIn, clickOnCard, codeOf, openedView } from './approval-support.js';

const FORM = 'application/x-www-form-urlencoded';
let t: TestApp;
let dataId: string;
const requestDoc = (code: string) => t.store.approvalRequests.findById(`T_TEST:${code}`).lean().exec();
const decisionsOf = (code: string) =>
  t.store.auditEntries
    .countDocuments({ action: { $in: ['request.approved', 'request.denied'] }, approvalRequestId: `T_TEST:${code}` })
    .exec();

beforeAll(async () => {
  t = await startTestApp();
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_GA', 'ga@example.com'],
    ['U_GA2', 'ga2@example.com'],
    ['U_PLAIN', 'plain@example.com'],
    ['U_LEAD', 'lead@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  dataId = (await createGroup(t.store, { name: 'Data' }))._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  for (const [email, slackUserId] of [
    ['ga@example.com', 'U_GA'],
    ['ga2@example.com', 'U_GA2'],
  ] as const)
    await createUser(t.store, {
      email,
      role: 'group_admin',
      slackUserId,
      managedGroups: [{ groupId: dataId, permissions: [] }],
    });
  await createUser(t.store, { email: 'lead@example.com' });
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
});

async function askToJoinData(): Promise<{ code: string; card: Awaited<ReturnType<typeof cardIn>> }> {
  await t.slack.answer('U_PLAIN', 'join Data --reason "reports"');
  const card = await cardIn(t, 'U_GA');
  return { code: codeOf(card), card };
}

describe('forged and replayed decisions change nothing', () => {
  it('refuses a click by someone who is not an approver, and logs it', async () => {
    const { code, card } = await askToJoinData();
    const click = await clickOnCard(t, 'U_LEAD', card, 'approve');
    expect(String((await t.fake.waitForResponsePost(click.responseUrl)).text)).toContain('cannot approve this request');
    expect(await requestDoc(code)).toMatchObject({ status: 'pending' });
    expect(t.logs.some((l) => l.includes('approvals: decision refused') && l.includes('U_LEAD'))).toBe(true);
  });

  it('refuses a request id of another organization, and logs it', async () => {
    await t.store.approvalRequests.create({
      ...(await requestDoc((await askToJoinData()).code))!,
      _id: 'T_OTHER:ZZZZZZ',
      orgId: 'T_OTHER',
      code: 'ZZZZZZ',
    });
    const click = await t.slack.blockAction({
      userId: 'U_ADMIN',
      actionId: 'approvals.approve',
      value: JSON.stringify({ r: 'T_OTHER:ZZZZZZ' }),
    });
    expect(String((await t.fake.waitForResponsePost(click.responseUrl)).text)).toContain('no such request');
    expect(await t.store.approvalRequests.findById('T_OTHER:ZZZZZZ').lean().exec()).toMatchObject({
      status: 'pending',
    });
    expect(t.logs.some((l) => l.includes('approvals: decision refused') && l.includes('not_found'))).toBe(true);
  });

  it('answers a click from another workspace "not set up here" and changes nothing', async () => {
    const { code, card } = await askToJoinData();
    const { body } = t.slack.blockActionBody({
      userId: 'U_GA',
      actionId: 'approvals.approve',
      value: JSON.stringify({ r: `T_TEST:${code}` }),
      message: { ts: card.ts },
      teamId: 'T_ELSEWHERE',
    });
    const answer = await t.slack.raw({ body, contentType: FORM });
    expect(answer.status).toBe(200);
    expect(await requestDoc(code)).toMatchObject({ status: 'pending' });
    expect(t.logs.some((l) => l.includes('workspace ub does not serve') && l.includes('T_ELSEWHERE'))).toBe(true);
  });

  it('drops a replayed approval click: the request is decided once', async () => {
    const { code, card } = await askToJoinData();
    const signed = t.slack.blockActionBody({
      userId: 'U_GA',
      actionId: 'approvals.approve',
      value: JSON.stringify({ r: `T_TEST:${code}` }),
      message: { ts: card.ts },
    });
    const at = Math.floor(Date.now() / 1000);
    const first = await t.slack.raw({ body: signed.body, contentType: FORM, timestampSeconds: at });
    const again = await t.slack.raw({ body: signed.body, contentType: FORM, timestampSeconds: at });
    expect([first.status, again.status]).toEqual([200, 200]);
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect(await decisionsOf(code)).toBe(1);
    expect(t.logs.some((l) => l.includes('replayed request dropped'))).toBe(true);
  });

  it('refuses an approver whose permission was taken away after the card went out, and changes nothing', async () => {
    const { code, card } = await askToJoinData();
    await t.store.users.updateOne({ _id: 'T_TEST:ga@example.com' }, { $set: { managedGroups: [] } }).exec();
    try {
      const click = await clickOnCard(t, 'U_GA', card, 'approve');
      expect(String((await t.fake.waitForResponsePost(click.responseUrl)).text)).toContain(
        'cannot approve this request',
      );
      expect(await requestDoc(code)).toMatchObject({ status: 'pending' });
      const plain = await t.store.users.findById('T_TEST:plain@example.com').lean().exec();
      expect(plain!.groupIds).not.toContain(dataId);
    } finally {
      await t.store.users
        .updateOne(
          { _id: 'T_TEST:ga@example.com' },
          { $set: { managedGroups: [{ groupId: dataId, permissions: [] }] } },
        )
        .exec();
    }
  });
});

describe('a target that changed meanwhile', () => {
  it('ends "failed: <why>" when the group was deleted before the approval, and says so on every card', async () => {
    const doomed = await createGroup(t.store, { name: 'Doomed' });
    await createUser(t.store, {
      email: 'ga3@example.com',
      role: 'group_admin',
      slackUserId: 'U_GA3',
      managedGroups: [{ groupId: doomed._id, permissions: [] }],
    });
    t.fake.addUser({ id: 'U_GA3', email: 'ga3@example.com' });
    await t.slack.answer('U_PLAIN', 'join Doomed --reason "soon"');
    const card = await cardIn(t, 'U_GA3');
    // Deleted meanwhile (as `/ub group delete` leaves it: no group document).
    await t.store.groups.deleteOne({ _id: doomed._id }).exec();
    await clickOnCard(t, 'U_GA3', card, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    const updated = await cardIn(t, 'U_GA3', codeOf(card));
    expect(asText(updated.blocks)).toContain('failed: The group no longer exists');
    expect(await requestDoc(codeOf(card))).toMatchObject({ status: 'approved', outcome: 'failed' });
  });

  it('ends "failed" when the person was deactivated before the approval, and adds nobody', async () => {
    const { code, card } = await askToJoinData();
    await t.store.users.updateOne({ _id: 'T_TEST:plain@example.com' }, { $set: { status: 'deactivated' } }).exec();
    await clickOnCard(t, 'U_GA', card, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect(await requestDoc(code)).toMatchObject({
      outcome: 'failed',
      outcomeDetail: 'deactivated: reactivate them first',
    });
    const plain = await t.store.users.findById('T_TEST:plain@example.com').lean().exec();
    expect(plain!.groupIds).not.toContain(dataId);
  });
});

describe('approve and deny at the same moment', () => {
  it('lets exactly one of them win, and every card shows the winner', async () => {
    for (let round = 0; round < 5; round++) {
      await t.store.approvalRequests.deleteMany({});
      await t.store.pendingRequestKeys.deleteMany({});
      await t.store.users.updateOne({ _id: 'T_TEST:plain@example.com' }, { $set: { groupIds: [] } }).exec();
      t.fake.reset();
      const { code, card } = await askToJoinData();
      const other = await cardIn(t, 'U_GA2', code);
      const denyClick = await clickOnCard(t, 'U_GA2', other, 'deny');
      const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === denyClick.triggerId);
      await Promise.all([
        clickOnCard(t, 'U_GA', card, 'approve'),
        t.slack.viewSubmission({
          userId: 'U_GA2',
          callbackId: 'approvals.deny_reason',
          privateMetadata: String(openedView(open).private_metadata),
          values: { note: { note: { type: 'plain_text_input', value: 'no' } } },
        }),
      ]);
      await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
      const final = (await requestDoc(code))!;
      expect(['approved', 'denied']).toContain(final.status);
      expect(await decisionsOf(code)).toBe(1);
      const plain = await t.store.users.findById('T_TEST:plain@example.com').lean().exec();
      expect(plain!.groupIds.includes(dataId)).toBe(final.status === 'approved');
      const word = final.status === 'approved' ? 'Approved by' : 'Denied by';
      for (const userId of ['U_GA', 'U_GA2']) expect(asText((await cardIn(t, userId, code)).blocks)).toContain(word);
    }
  });
});
