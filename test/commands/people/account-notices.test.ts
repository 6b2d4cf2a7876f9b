import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';

/**
 * Issue 9, item 3: deactivated and reactivated people were not told. ub DMs them (`--notify`, the
 * default), says so in the admin's answer, and records it in the audit log; `--no-notify` does not.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADA', email: 'ada@acme.test', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'U_ANN', email: 'ann@acme.test', realName: 'Ann Analyst' });
  t.fake.addUser({ id: 'U_DAN', email: 'dan@acme.test', realName: 'Dan Dev' });
  const sales = await createGroup(t.store, { name: 'Sales EMEA' });
  await createUser(t.store, { email: 'ada@acme.test', role: 'admin', slackUserId: 'U_ADA' });
  await createUser(t.store, { email: 'ann@acme.test', slackUserId: 'U_ANN', groupIds: [sales._id] });
  await createUser(t.store, { email: 'dan@acme.test' });
  await createUser(t.store, { email: 'out@acme.test' });
  await t.slack.slashCommand({ userId: 'U_ADA', text: 'help' });
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 6 } }).exec();
});
afterAll(async () => {
  await t.stop();
});

async function deactivate(commandText: string) {
  const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADA', text: commandText });
  const preview = await t.fake.waitForResponsePost(responseUrl);
  const confirm = findButton(preview.blocks, 'deactivate.confirm')!;
  await t.slack.blockAction({ userId: 'U_ADA', actionId: confirm.action_id, value: confirm.value, responseUrl });
  const done = await t.fake.waitForResponsePost(responseUrl, (p) => p.replace_original === true);
  return { preview, done };
}

async function reactivate(commandText: string) {
  const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADA', text: commandText });
  return t.fake.waitForResponsePost(responseUrl);
}

const notices = (email: string) =>
  t.store.auditEntries.find({ action: 'user.notified', subjects: email }).lean().exec();

describe('telling people they were deactivated or reactivated', () => {
  it('DMs a deactivated person by default, says so, and records it', async () => {
    const { preview, done } = await deactivate('deactivate ann@acme.test');
    expect(asText(preview.blocks)).toContain('ub tells them in a DM (`--no-notify` does not).');
    expect(String(done.text)).toContain('(ann@acme.test). Their license is free again.');
    expect(String(done.text)).toContain('ub told ann@acme.test in a DM.');
    const dm = await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'U_ANN');
    expect(String(dm.args.text)).toMatch(/^Your learning account at .+ was deactivated by <@U_ADA>\.$/);
    expect(asText(dm.args.blocks)).toContain('your learning history is kept');
    expect(validateBlocks(JSON.parse(JSON.stringify(dm.args.blocks)), 'message')).toEqual([]);
    expect(await notices('ann@acme.test')).toMatchObject([
      { after: { notice: 'deactivated', via: 'dm', slackUserId: 'U_ANN' } },
    ]);
  });

  it('DMs a reactivated person what they have again, and the audit log says so in words', async () => {
    const answer = await reactivate('reactivate ann@acme.test --notify');
    expect(String(answer.text)).toContain('(ann@acme.test): active again as a user');
    expect(String(answer.text)).toContain('ub told ann@acme.test in a DM.');
    const dm = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_ANN' && String(c.args.text).includes('active again'),
    );
    expect(asText(dm.args.blocks)).toContain('You are a user with a standard license');
    expect(asText(dm.args.blocks)).toContain('Your groups: Sales EMEA.');
    expect((await notices('ann@acme.test')).map((n) => n.after?.notice)).toEqual(['deactivated', 'reactivated']);
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADA', text: 'audit' });
    expect(asText((await t.fake.waitForResponsePost(responseUrl)).blocks)).toContain(
      'told ann@acme.test in a DM that their account was reactivated',
    );
  });

  it('tells nobody with --no-notify, and says that too', async () => {
    t.fake.reset();
    const { preview, done } = await deactivate('deactivate dan@acme.test --no-notify');
    expect(asText(preview.blocks)).toContain('They are not told (`--no-notify`)');
    expect(String(done.text)).toContain('dan@acme.test was not told (`--no-notify`).');
    const back = await reactivate('reactivate dan@acme.test --no-notify');
    expect(String(back.text)).toContain('dan@acme.test was not told (`--no-notify`).');
    expect(t.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'U_DAN')).toEqual([]);
    expect(await notices('dan@acme.test')).toEqual([]);
  });

  it('says when someone could not be told because they are not in this Slack workspace', async () => {
    const { done } = await deactivate('deactivate out@acme.test');
    expect(String(done.text)).toContain('out@acme.test was not told: not in this Slack workspace.');
    expect(await notices('out@acme.test')).toEqual([]);
  });

  it('refuses --notify together with --no-notify', async () => {
    const { ack } = await t.slack.slashCommand({
      userId: 'U_ADA',
      text: 'reactivate out@acme.test --notify --no-notify',
    });
    expect(asText(ack.body)).toContain('cannot be combined with `--notify`: pick one');
  });
});
