import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';
import { cardIn, clickOnCard, codeOf, submitDenyForm, submitRequestForm } from './approval-support.js';

let t: TestApp;
let dataId: string;
const user = (email: string) => t.store.users.findById(`T_TEST:${email}`).lean().exec();
const requestDoc = (code: string) => t.store.approvalRequests.findById(`T_TEST:${code}`).lean().exec();
const dmsTo = (userId: string) => t.fake.messagesIn(userId).map((m) => m.text ?? '');

beforeAll(async () => {
  t = await startTestApp();
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_ADMIN2', 'admin2@example.com'],
    ['U_GA', 'ga@example.com'],
    ['U_GA2', 'ga2@example.com'],
    ['U_PLAIN', 'plain@example.com'],
    ['U_LEAD', 'lead@example.com'],
    ['U_NEW', 'new@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  dataId = (await createGroup(t.store, { name: 'Data' }))._id;
  await createGroup(t.store, { name: 'Sales' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, { email: 'admin2@example.com', role: 'admin', slackUserId: 'U_ADMIN2' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    slackUserId: 'U_GA',
    managedGroups: [{ groupId: dataId, permissions: ['invite_deactivate'] }],
  });
  // Never used ub: the card finds them by email.
  await createUser(t.store, {
    email: 'ga2@example.com',
    role: 'group_admin',
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
  await t.store.approvalDelegations.deleteMany({});
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    {
      $set: { seats: 20, seatsFree: 10, proSeats: 3, proSeatsFree: 2 },
      $unset: { approvalsChannel: 1, approvalsTwoFor: 1 },
    },
  );
});

describe('asking and deciding', () => {
  it("takes a plain user's refused group add to the group's admins, and the approval adds them, updates every card and DMs the requester", async () => {
    const refused = await t.slack.answer('U_PLAIN', 'group add Data plain@example.com');
    expect(asText(refused)).toContain('Request approval');
    const ask = findButton(refused.blocks, 'ub.run')!;
    expect(JSON.parse(ask.value)).toEqual({ c: 'request group add Data plain@example.com' });

    const click = await t.slack.blockAction({ userId: 'U_PLAIN', actionId: ask.action_id, value: ask.value });
    await submitRequestForm(t, 'U_PLAIN', click.triggerId, 'I run the data project now');

    const gaCard = await cardIn(t, 'U_GA');
    const ga2Card = await cardIn(t, 'U_GA2');
    expect(t.fake.messagesIn('U_ADMIN')).toEqual([]);
    expect(validateBlocks(gaCard.blocks, 'message')).toEqual([]);
    expect(asText(gaCard.blocks)).toContain('<@U_PLAIN> asks to add plain@example.com to *Data*');
    expect(asText(gaCard.blocks)).toContain('I run the data project now');
    expect(asText(gaCard.blocks)).toContain('Takes no seat · after it: 10 seats and 2 Pro seats left');
    const code = codeOf(gaCard);
    expect(codeOf(ga2Card)).toBe(code);
    const sent = await t.fake.waitForCall('chat.postEphemeral', (c) =>
      String(c.args.text).includes(`Request ${code} sent`),
    );
    expect(String(sent.args.text)).toContain('<@U_GA>');

    await clickOnCard(t, 'U_GA', gaCard, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect((await user('plain@example.com'))!.groupIds).toContain(dataId);
    for (const userId of ['U_GA', 'U_GA2']) {
      const card = await cardIn(t, userId, code);
      expect(findButton(card.blocks, 'approvals.approve')).toBeUndefined();
      expect(findButton(card.blocks, 'approvals.deny')).toBeUndefined();
      expect(asText(card.blocks)).toContain('Approved by <@U_GA>');
      expect(asText(card.blocks)).toContain('done: added to Data');
    }
    expect(dmsTo('U_PLAIN').join('\n')).toMatch(
      new RegExp(`Your request ${code} to add plain@example.com to \\*Data\\*: :white_check_mark: Approved by <@U_GA>`),
    );

    const trail = await t.store.auditEntries
      .find({ approvalRequestId: `T_TEST:${code}` })
      .sort({ at: 1 })
      .lean()
      .exec();
    expect(trail.map((e) => e.action).sort()).toEqual(
      ['group.member_added', 'request.approved', 'request.created', 'request.executed'].sort(),
    );
    const added = trail.find((e) => e.action === 'group.member_added')!;
    expect(added).toMatchObject({ source: 'request', actor: { slackUserId: 'U_GA', email: 'ga@example.com' } });
    expect(trail.find((e) => e.action === 'request.created')!.actor.slackUserId).toBe('U_PLAIN');
  });

  it('answers a second click "already approved by" and changes nothing', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "dashboards"');
    const card = await cardIn(t, 'U_GA');
    const staleCopy = await cardIn(t, 'U_GA2');
    await clickOnCard(t, 'U_GA', card, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    const second = await clickOnCard(t, 'U_GA2', staleCopy, 'approve');
    const answer = await t.fake.waitForResponsePost(second.responseUrl);
    expect(String(answer.text)).toMatch(
      /was decided already: approved by <@U_GA>, <!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>.*Nothing changed\./,
    );
    expect(
      await t.store.auditEntries.countDocuments({
        action: 'request.approved',
        approvalRequestId: `T_TEST:${codeOf(card)}`,
      }),
    ).toBe(1);
    expect(
      await t.store.auditEntries.countDocuments({
        action: 'request.executed',
        approvalRequestId: `T_TEST:${codeOf(card)}`,
      }),
    ).toBe(1);
  });

  it('denies with a reason from the Deny form: cards updated, the requester told why, nothing changed', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "curious"');
    const card = await cardIn(t, 'U_GA');
    const click = await clickOnCard(t, 'U_GA', card, 'deny');
    await submitDenyForm(t, 'U_GA', click.triggerId, 'The Data group is for the data team');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    const updated = await cardIn(t, 'U_GA2', codeOf(card));
    expect(asText(updated.blocks)).toContain('Denied by <@U_GA>');
    expect(asText(updated.blocks)).toContain('The Data group is for the data team');
    expect(findButton(updated.blocks, 'approvals.approve')).toBeUndefined();
    expect(dmsTo('U_PLAIN').join('\n')).toContain('The Data group is for the data team');
    expect((await user('plain@example.com'))!.groupIds).not.toContain(dataId);
    expect(await requestDoc(codeOf(card))).toMatchObject({
      status: 'denied',
      note: 'The Data group is for the data team',
    });
  });

  it('points a second identical ask to the pending request instead of making another', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "first"');
    const card = await cardIn(t, 'U_GA');
    const again = await t.slack.answer('U_PLAIN', 'request group add Data me --reason "second"');
    expect(asText(again)).toContain(`request ${codeOf(card)} is waiting for a decision`);
    expect(await t.store.approvalRequests.countDocuments({})).toBe(1);
  });

  it('lets the requester cancel, which updates the cards; a cancelled request cannot be approved', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "for a while"');
    const card = await cardIn(t, 'U_GA');
    const code = codeOf(card);
    expect(asText(await t.slack.answer('U_LEAD', `requests cancel ${code}`))).toContain('Only the person who asked');
    expect(asText(await t.slack.answer('U_PLAIN', `requests cancel ${code.toLowerCase()}`))).toContain('is cancelled');
    await t.fake.waitForCall('chat.update', (c) => c.args.ts === card.ts);
    const updated = await cardIn(t, 'U_GA', code);
    expect(asText(updated.blocks)).toContain('Cancelled by the requester');
    expect(findButton(updated.blocks, 'approvals.approve')).toBeUndefined();
    const late = await clickOnCard(t, 'U_GA', card, 'approve');
    expect(String((await t.fake.waitForResponsePost(late.responseUrl)).text)).toContain('cancelled by the requester');
    expect((await user('plain@example.com'))!.groupIds).not.toContain(dataId);
  });

  it('refuses the requester approving their own request, and logs it', async () => {
    await t.slack.answer('U_LEAD', 'request license pro plain@example.com --reason "they lead the pilot"');
    const card = await cardIn(t, 'U_ADMIN');
    const own = await clickOnCard(t, 'U_LEAD', card, 'approve');
    expect(String((await t.fake.waitForResponsePost(own.responseUrl)).text)).toContain(
      'cannot decide your own request',
    );
    expect(t.logs.some((l) => l.includes('approvals: decision refused'))).toBe(true);
    expect(await requestDoc(codeOf(card))).toMatchObject({ status: 'pending' });
  });

  it('sends admin-only asks to the admins, or to the approvals channel once one is set', async () => {
    await t.slack.answer('U_PLAIN', 'request pro --reason "the ML course"');
    const card = await cardIn(t, 'U_ADMIN');
    expect(asText(card.blocks)).toContain('Takes a Pro seat · after it: 10 seats and 1 Pro seat left');
    await clickOnCard(t, 'U_ADMIN', card, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect(await user('plain@example.com')).toMatchObject({ licenseType: 'pro' });

    expect(asText(await t.slack.answer('U_ADMIN', 'approvals channel <#C_LEARN|learning-admins>'))).toContain(
      '<#C_LEARN>',
    );
    await t.slack.answer('U_LEAD', 'request invite new.hire@example.com --reason "starts Monday"');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'C_LEARN');
    const posted = t.fake.messagesIn('C_LEARN').at(-1)!;
    await t.slack.blockAction({
      userId: 'U_ADMIN',
      actionId: 'approvals.approve',
      value: findButton(posted.blocks, 'approvals.approve')!.value,
      message: { ts: posted.ts },
      channelId: 'C_LEARN',
    });
    await t.fake.waitForCall('chat.update', (c) => c.args.channel === 'C_LEARN');
    expect(await t.store.invitations.findById('T_TEST:new.hire@example.com').lean().exec()).toMatchObject({
      status: 'pending',
    });
  });

  it('routes to the delegate of an approver who is away, who decides with their permissions', async () => {
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(asText(await t.slack.answer('U_GA', `approvals delegate <@U_LEAD|lead> --until ${until}`))).toContain(
      'go to <@U_LEAD>',
    );
    await t.slack.answer('U_PLAIN', 'join Data --reason "projects"');
    const card = await cardIn(t, 'U_LEAD');
    expect(asText(card.blocks)).toContain('you decide for <@U_GA>');
    expect(t.fake.messagesIn('U_GA').filter((m) => asText(m.blocks).includes(codeOf(card)))).toEqual([]);
    await clickOnCard(t, 'U_LEAD', card, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect((await user('plain@example.com'))!.groupIds).toContain(dataId);
    const added = await t.store.auditEntries
      .findOne({ action: 'group.member_added', approvalRequestId: `T_TEST:${codeOf(card)}` })
      .lean()
      .exec();
    expect(added!.actor.slackUserId).toBe('U_LEAD');
  });

  it('asks two approvers for Pro licenses once the policy says so: the second approval carries it out', async () => {
    expect(asText(await t.slack.answer('U_ADMIN', 'approvals policy two-approvals pro on'))).toContain(
      'Two approvals needed for: Pro licenses',
    );
    await t.slack.answer('U_PLAIN', 'request pro --reason "the ML path"');
    const first = await cardIn(t, 'U_ADMIN');
    const code = codeOf(first);
    const second = await cardIn(t, 'U_ADMIN2', code);
    const one = await clickOnCard(t, 'U_ADMIN', first, 'approve');
    expect(String((await t.fake.waitForResponsePost(one.responseUrl)).text)).toContain('needs a second approver');
    expect(await requestDoc(code)).toMatchObject({ status: 'pending' });
    expect(await user('plain@example.com')).toMatchObject({ licenseType: 'standard' });
    expect(asText((await cardIn(t, 'U_ADMIN2', code)).blocks)).toContain('1 of 2 approvals: <@U_ADMIN> approved');
    const again = await clickOnCard(t, 'U_ADMIN', first, 'approve');
    expect(String((await t.fake.waitForResponsePost(again.responseUrl)).text)).toContain('You approved it already');
    await clickOnCard(t, 'U_ADMIN2', second, 'approve');
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect(await requestDoc(code)).toMatchObject({ status: 'approved', outcome: 'executed' });
    expect(await user('plain@example.com')).toMatchObject({ licenseType: 'pro' });
    const approvals = await t.store.auditEntries
      .find({ action: 'request.approved', approvalRequestId: `T_TEST:${code}` })
      .lean()
      .exec();
    expect(approvals.map((a) => a.actor.slackUserId).sort()).toEqual(['U_ADMIN', 'U_ADMIN2']);
  });

  it('approves at once, as the policy, joining an open group and a seat for an approved email domain', async () => {
    await t.slack.answer('U_ADMIN', 'approvals policy auto-approve join "Sales" on');
    const policy = await t.slack.answer('U_ADMIN', 'approvals policy auto-approve access example.com on');
    expect(asText(policy)).toContain('joining *Sales*');
    expect(asText(policy)).toContain('@example.com');
    const joined = await t.slack.answer('U_PLAIN', 'join Sales --reason "pipeline reviews"');
    expect(String(joined.text)).toContain('Approved by policy: Sales is open to everyone');
    expect(String(joined.text)).toContain('done: added to Sales');
    const code = /Request ([A-Z2-9]{6})/.exec(String(joined.text))![1]!;
    const approval = await t.store.auditEntries
      .findOne({ action: 'request.approved', approvalRequestId: `T_TEST:${code}` })
      .lean()
      .exec();
    expect(approval).toMatchObject({ actor: { role: 'admin' }, after: { note: 'policy: Sales is open to everyone' } });
    expect(approval!.actor.slackUserId).toBeUndefined();
    expect(t.fake.messagesIn('U_ADMIN').filter((m) => asText(m.blocks).includes(code))).toEqual([]);

    const access = await t.slack.answer('U_NEW', 'request access --reason "first day"');
    expect(String(access.text)).toContain('done: invited');
    expect(await t.store.invitations.findById('T_TEST:new@example.com').lean().exec()).toMatchObject({
      status: 'pending',
    });
  });

  it('lists what waits for me and what I asked', async () => {
    await t.slack.answer('U_PLAIN', 'join Data --reason "one"');
    await t.slack.answer('U_PLAIN', 'join Sales --reason "two"');
    const mine = await t.slack.answer('U_PLAIN', 'requests');
    expect(validateBlocks(mine.blocks, 'message')).toEqual([]);
    expect(asText(mine.blocks)).toContain('Nothing waits for you');
    expect(asText(mine.blocks)).toContain('add plain@example.com to *Sales*');
    const ga = await t.slack.answer('U_GA', 'requests');
    expect(asText(ga.blocks)).toContain('add plain@example.com to *Data*');
    expect(asText(ga.blocks)).not.toContain('*Sales*');
    expect(findButton(ga.blocks, 'approvals.approve')).toBeDefined();

    await t.slack.event({
      event: { type: 'app_home_opened', user: 'U_GA', channel: 'DU_GA', tab: 'home', event_ts: '1.0' },
      eventId: 'Ev-approvals-home',
    });
    const publish = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'U_GA');
    const home = (typeof publish.args.view === 'string' ? JSON.parse(publish.args.view) : publish.args.view) as {
      blocks: unknown[];
    };
    expect(validateBlocks(home.blocks, 'home')).toEqual([]);
    expect(asText(home.blocks)).toContain('Requests waiting for your decision');
    const approve = findButton(home.blocks, 'approvals.approve')!;
    await t.slack.blockAction({
      userId: 'U_GA',
      actionId: approve.action_id,
      value: approve.value,
      view: { id: 'V_HOME', type: 'home' },
    });
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_PLAIN');
    expect((await user('plain@example.com'))!.groupIds).toContain(dataId);
  });
});
