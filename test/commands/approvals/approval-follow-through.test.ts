import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { APPROVAL_LIFECYCLE_JOB } from '../../../src/jobs/approval-lifecycle.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { decideRequest } from '../../../src/services/approvals/decide-request.js';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { buildActor, buildContext, createGroup, createUser } from '../../support/factories.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';
import { cardIn, clickOnCard, codeOf, openedView } from './approval-support.js';

const FORM = 'application/x-www-form-urlencoded';
let t: TestApp;
let dataId: string;
const requestDoc = (code: string) => t.store.approvalRequests.findById(`T_TEST:${code}`).lean().exec();
const dmWith = (userId: string, words: string) =>
  t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === userId && String(c.args.text).includes(words), 8000);
const invitationDmsTo = (userId: string) =>
  t.fake.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.args.channel === userId &&
      findButton(asJson(c.args.blocks), 'invitation.accept') !== undefined,
  );

/** The requester's DMs about request `code`'s outcome. */
const outcomeDmsTo = (userId: string, code: string) =>
  t.fake.calls.filter(
    (c) =>
      c.method === 'chat.postMessage' &&
      c.ok &&
      c.args.channel === userId &&
      String(c.args.text).startsWith(`Your request ${code}`),
  );

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  t = await startTestApp();
  // Nothing here may be done by the minute's sweep: what happens is what the paths themselves do.
  await t.app.deps.jobs.cancel({ name: APPROVAL_LIFECYCLE_JOB });
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_GA', 'ga@example.com'],
    ['U_PLAIN', 'plain@example.com'],
    ['U_NEW', 'new@example.com'],
    ['U_NEW2', 'new2@example.com'],
    ['U_HIRE', 'hire@example.com'],
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
  await t.store.users.deleteMany({ email: { $in: ['plain@example.com', 'leaver@example.com'] } });
  await createUser(t.store, { email: 'plain@example.com', slackUserId: 'U_PLAIN' });
  await t.store.invitations.deleteMany({});
  await t.store.approvalRequests.deleteMany({});
  await t.store.pendingRequestKeys.deleteMany({});
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 20, seatsFree: 10, proSeats: 3, proSeatsFree: 2 }, $unset: { waitlistLeaseUntil: 1 } },
  );
});

describe('an approved invitation sends the invitation DM', () => {
  it('DMs the invitee the same invitation `/ub invite` sends, naming the approver, once even when the click is replayed', async () => {
    await t.slack.answer('U_PLAIN', 'request invite hire@example.com --reason "starts Monday"');
    const card = await cardIn(t, 'U_ADMIN');
    const code = codeOf(card);
    const signed = t.slack.blockActionBody({
      userId: 'U_ADMIN',
      actionId: 'approvals.approve',
      value: JSON.stringify({ r: `T_TEST:${code}` }),
      message: { ts: card.ts },
    });
    const at = Math.floor(Date.now() / 1000);
    await t.slack.raw({ body: signed.body, contentType: FORM, timestampSeconds: at });
    await t.slack.raw({ body: signed.body, contentType: FORM, timestampSeconds: at });
    await clickOnCard(t, 'U_ADMIN', card, 'approve');

    const dm = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_HIRE' && findButton(asJson(c.args.blocks), 'invitation.accept') !== undefined,
    );
    expect(asText(dm.args.blocks)).toContain('<@U_ADMIN>');
    await dmWith('U_PLAIN', 'done: invited');
    expect(invitationDmsTo('U_HIRE')).toHaveLength(1);
    expect(await t.store.invitations.findById('T_TEST:hire@example.com').lean().exec()).toMatchObject({
      status: 'pending',
      slackUserId: 'U_HIRE',
    });
    expect(
      await t.store.auditEntries.countDocuments({
        action: 'invitation.delivered',
        approvalRequestId: `T_TEST:${code}`,
      }),
    ).toBe(1);
  });

  it('sends it once when a stopped approval is carried out again by the sweep', async () => {
    await t.slack.answer('U_NEW', 'request access --reason "new in the team"');
    const card = await cardIn(t, 'U_ADMIN');
    const code = codeOf(card);
    await clickOnCard(t, 'U_ADMIN', card, 'approve');
    await dmWith('U_NEW', 'done: invited');
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_NEW' && invitationDmsTo('U_NEW').length > 0,
    );

    // As a process stopped after the invitation, before its outcome, leaves it: the sweep finishes it.
    await t.store.approvalRequests
      .updateOne(
        { _id: `T_TEST:${code}` },
        { $unset: { outcome: 1, outcomeDetail: 1 }, $set: { updatedAt: new Date(Date.now() - 120_000) } },
        { timestamps: false },
      )
      .exec();
    await t.app.deps.jobs.now(APPROVAL_LIFECYCLE_JOB);
    await until(async () => {
      const doc = await requestDoc(code);
      return doc?.outcome === 'executed' && doc.tellDueAt == null;
    });
    expect(await requestDoc(code)).toMatchObject({ outcome: 'executed', outcomeDetail: 'already invited' });
    expect(invitationDmsTo('U_NEW')).toHaveLength(1);
    // The requester heard "done" once: the outcome is the same, so it is not told twice.
    expect(outcomeDmsTo('U_NEW', code)).toHaveLength(1);
  });

  it('tells an outcome a stopped process left untold, once: the card, the invitee and the requester', async () => {
    await t.slack.answer('U_PLAIN', 'request invite new2@example.com --reason "joins Friday"');
    const card = await cardIn(t, 'U_ADMIN');
    const code = codeOf(card);
    // The decision and its outcome are written, and the process stops before telling anyone.
    const admin = buildActor({
      slackUserId: 'U_ADMIN',
      email: 'admin@example.com',
      userId: 'T_TEST:admin@example.com',
    });
    const stoppedAt = new Date(Date.now() - 120_000);
    await decideRequest(buildContext(t.store, { actor: admin, source: 'button', now: () => stoppedAt }), {
      requestId: `T_TEST:${code}`,
      decision: 'approve',
    });
    expect(await requestDoc(code)).toMatchObject({ outcome: 'executed', tellDueAt: stoppedAt });
    expect(invitationDmsTo('U_NEW2')).toHaveLength(0);

    await t.app.deps.jobs.now(APPROVAL_LIFECYCLE_JOB);
    await until(async () => (await requestDoc(code))?.tellDueAt == null);
    expect(invitationDmsTo('U_NEW2')).toHaveLength(1);
    expect(outcomeDmsTo('U_PLAIN', code)).toHaveLength(1);
    const updated = t.fake.messagesIn('U_ADMIN').find((m) => m.ts === card.ts)!;
    expect(findButton(updated.blocks, 'approvals.approve')).toBeUndefined();

    // Told once: a second sweep (or a second replica) finds nothing left to tell.
    await t.store.approvalRequests
      .updateOne({ _id: `T_TEST:${code}` }, { $set: { tellDueAt: stoppedAt } }, { timestamps: false })
      .exec();
    await t.app.deps.jobs.now(APPROVAL_LIFECYCLE_JOB);
    await until(async () => (await requestDoc(code))?.tellDueAt == null);
    expect(invitationDmsTo('U_NEW2')).toHaveLength(1);
    expect(outcomeDmsTo('U_PLAIN', code)).toHaveLength(1);
  });
});

describe('an access request approved at once by the policy', () => {
  it('sends the invitation DM too', async () => {
    await t.slack.answer('U_ADMIN', 'approvals policy auto-approve access example.com on');
    try {
      const answer = await t.slack.answer('U_NEW', 'request access --reason "new in the team"');
      expect(asText(answer)).toContain('done: invited');
      await t.fake.waitForCall(
        'chat.postMessage',
        (c) => c.args.channel === 'U_NEW' && findButton(asJson(c.args.blocks), 'invitation.accept') !== undefined,
      );
      expect(invitationDmsTo('U_NEW')).toHaveLength(1);
    } finally {
      await t.slack.answer('U_ADMIN', 'approvals policy auto-approve access example.com off');
    }
  });
});

describe('the waitlist is served when a seat frees up', () => {
  it('carries out the first in line as soon as someone is deactivated, and keeps the second waiting', async () => {
    await createUser(t.store, { email: 'leaver@example.com' });
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 0 } }).exec();
    for (const [userId, place] of [
      ['U_NEW', 1],
      ['U_NEW2', 2],
    ] as const) {
      await t.slack.answer(userId, 'request access --reason "new in the team"');
      await t.fake.waitForCall(
        'chat.postMessage',
        (c) => c.args.channel === 'U_ADMIN' && asText(c.args).includes(userId === 'U_NEW' ? 'new@' : 'new2@'),
      );
      await clickOnCard(t, 'U_ADMIN', await cardIn(t, 'U_ADMIN'), 'approve');
      await dmWith(userId, `You are number ${place} in line`);
    }

    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'deactivate leaver@example.com' });
    const confirm = findButton((await t.fake.waitForResponsePost(responseUrl)).blocks, 'deactivate.confirm')!;
    await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });

    await dmWith('U_NEW', 'done: invited');
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_NEW' && invitationDmsTo('U_NEW').length > 0,
    );
    expect(await t.store.invitations.findById('T_TEST:new@example.com').lean().exec()).toMatchObject({
      status: 'pending',
    });
    expect(await t.store.invitations.findById('T_TEST:new2@example.com').lean().exec()).toBeNull();
    const waiting = await t.store.approvalRequests.findOne({ 'requester.slackUserId': 'U_NEW2' }).lean().exec();
    expect(waiting).toMatchObject({ outcome: 'waitlisted' });
    const served = await t.store.approvalRequests.findOne({ 'requester.slackUserId': 'U_NEW' }).lean().exec();
    expect(await t.store.organizations.findById('T_TEST').lean().exec()).toMatchObject({ seatsFree: 0 });
    expect(
      await t.store.auditEntries.countDocuments({ action: 'request.executed', approvalRequestId: served!._id }),
    ).toBe(1);
  });

  it('serves it when a pending invitation is cancelled', async () => {
    await inviteUsers(buildContext(t.store), { emails: ['maybe@example.com'] });
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 0 } }).exec();
    await t.slack.answer('U_NEW', 'request access --reason "new in the team"');
    await clickOnCard(t, 'U_ADMIN', await cardIn(t, 'U_ADMIN'), 'approve');
    await dmWith('U_NEW', 'You are number 1 in line');
    await t.slack.answer('U_ADMIN', 'cancel maybe@example.com');
    await dmWith('U_NEW', 'done: invited');
    expect(await t.store.invitations.findById('T_TEST:new@example.com').lean().exec()).toMatchObject({
      status: 'pending',
    });
    expect(await t.store.organizations.findById('T_TEST').lean().exec()).toMatchObject({ seatsFree: 0 });
  });

  it('serves it when seats are bought', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 0 } }).exec();
    await t.slack.answer('U_NEW', 'request access --reason "new in the team"');
    await clickOnCard(t, 'U_ADMIN', await cardIn(t, 'U_ADMIN'), 'approve');
    await dmWith('U_NEW', 'You are number 1 in line');
    await t.slack.answer('U_ADMIN', 'license seats 11 --pro 3');
    await dmWith('U_NEW', 'done: invited');
  });
});

describe('`me` as the person', () => {
  it("offers a plain user's `/ub group add Data me` as a request to join, which reaches the group admin", async () => {
    const refused = await t.slack.answer('U_PLAIN', 'group add Data me');
    const ask = findButton(refused.blocks, 'ub.run')!;
    expect(JSON.parse(ask.value)).toEqual({ c: 'request group add Data me' });
    await t.slack.answer('U_PLAIN', 'request group add Data me --reason "reports"');
    const card = await cardIn(t, 'U_GA');
    expect(asText(card.blocks)).toContain('<@U_PLAIN> asks to add plain@example.com to *Data*');
  });

  it("offers a plain user's `/ub license pro me` as a request for a Pro license for themselves", async () => {
    const refused = await t.slack.answer('U_PLAIN', 'license pro me');
    const ask = findButton(refused.blocks, 'ub.run')!;
    expect(JSON.parse(ask.value)).toEqual({ c: 'request license pro me' });
  });

  it('lets an admin add themselves with `me`', async () => {
    await t.slack.answer('U_ADMIN', 'group add Data me');
    const admin = await t.store.users.findById('T_TEST:admin@example.com').lean().exec();
    expect(admin!.groupIds).toContain(dataId);
  });
});

describe('the App Home tab after a decision made from it', () => {
  const homeOf = (userId: string, eventId: string) =>
    t.slack.event({
      event: { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: '1.0' },
      eventId,
    });
  const publishesTo = (userId: string) => t.fake.callsTo('views.publish').filter((c) => c.args.user_id === userId);

  it("no longer lists the request on the approver's Home once they approve it there", async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "reports"');
    const code = codeOf(await cardIn(t, 'U_GA'));
    await homeOf('U_GA', `Ev-home-${code}`);
    const home = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_GA');
    expect(asText(home.args.view)).toContain(code);
    const approve = findButton((asJson(home.args.view) as { blocks: unknown }).blocks, 'approvals.approve')!;

    await t.slack.blockAction({
      userId: 'U_GA',
      actionId: approve.action_id,
      value: approve.value,
      view: { id: 'V_HOME_GA', type: 'home' },
    });
    await dmWith('U_PLAIN', 'Approved by <@U_GA>');
    const again = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_GA' && c !== home);
    expect(asText(again.args.view)).not.toContain(code);
    expect(publishesTo('U_GA')).toHaveLength(2);
    expect((await requestDoc(code))!.status).toBe('approved');
  });

  it('no longer lists it either once they deny it there, through the Deny form', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "dashboards"');
    const code = codeOf(await cardIn(t, 'U_GA'));
    await homeOf('U_GA', `Ev-home-deny-${code}`);
    const home = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_GA');
    expect(asText(home.args.view)).toContain(code);
    const deny = findButton((asJson(home.args.view) as { blocks: unknown }).blocks, 'approvals.deny')!;

    const click = await t.slack.blockAction({
      userId: 'U_GA',
      actionId: deny.action_id,
      value: deny.value,
      view: { id: 'V_HOME_GA', type: 'home' },
    });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === click.triggerId);
    const form = openedView(open);
    await t.slack.viewSubmission({
      userId: 'U_GA',
      callbackId: String(form.callback_id),
      privateMetadata: String(form.private_metadata),
      values: { note: { note: { type: 'plain_text_input', value: 'Not this quarter' } } },
    });
    await dmWith('U_PLAIN', 'Not this quarter');
    const again = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_GA' && c !== home);
    expect(asText(again.args.view)).not.toContain(code);
    expect((await requestDoc(code))!.status).toBe('denied');
  });
});
