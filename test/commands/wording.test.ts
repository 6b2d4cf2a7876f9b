import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createGroup, createUser } from '../support/factories.js';
import { validateBlocks } from '../support/fake-slack/index.js';
import { asText, findButton } from '../support/posted-blocks.js';

/**
 * The sentences a learning admin tripped over on a first afternoon (issue 9, item 8), replayed
 * through Slack: each now reads right, with counts and nouns in agreement.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'UADMIN', email: 'admin@acme.test', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'UGA', email: 'ga@acme.test' });
  await createUser(t.store, { email: 'admin@acme.test', role: 'admin', firstName: 'Ada', surname: 'Admin' });
  await createUser(t.store, { email: 'bob@acme.test', firstName: 'Bob', surname: 'Builder' });
  await createUser(t.store, { email: 'p1@acme.test', firstName: 'Pia', surname: 'One' });
  const support = await createGroup(t.store, { name: 'Support' });
  await createGroup(t.store, { name: 'Sales EMEA' });
  await createUser(t.store, {
    email: 'ga@acme.test',
    role: 'group_admin',
    managedGroups: [{ groupId: support._id, permissions: [] }],
  });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 10, seatsFree: 6, proSeats: 2, proSeatsFree: 2, seatsSetAt: new Date() } },
  );
});

describe('sentences that read right', () => {
  it('says a Pro removal on a pending invitation changes what they join with, not that they were "given" a license', async () => {
    await t.slack.answer('UADMIN', 'invite pam@acme.test --pro');
    const post = await t.slack.answer('UADMIN', 'license pro pam@acme.test --remove');
    expect(post.text).toBe(
      ':white_check_mark: The invitation to pam@acme.test now comes with a standard license instead of Pro: they join with it.',
    );
    expect(await t.store.invitations.findById('T_TEST:pam@acme.test').lean()).toMatchObject({
      licenseType: 'standard',
    });
  });

  it('tells the admin how to raise the Pro count when Pro licenses run out', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { proSeatsFree: 0 } });
    const post = await t.slack.answer('UADMIN', 'license pro bob@acme.test');
    expect(asText(post)).toContain('No Pro license is left: the account has 2 Pro licenses and 2 are in use.');
    expect(asText(post)).toContain('`/ub license seats 10 --pro &lt;n&gt;`');
  });

  it('agrees counts with nouns: a group of one member', async () => {
    await t.slack.answer('UADMIN', 'group create Solo');
    expect((await t.slack.answer('UADMIN', 'group add Solo bob@acme.test')).text).toBe(
      'Added to Solo (now 1 member): 1 done, 0 skipped, 0 failed',
    );
    const { responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN', text: 'group delete Solo' });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    expect(asText(preview.blocks)).toContain('Its 1 member stays in ub');
    const confirm = findButton(preview.blocks, 'group.delete.confirm')!;
    await t.slack.blockAction({ userId: 'UADMIN', actionId: confirm.action_id, value: confirm.value, responseUrl });
    const decided = await t.fake.waitForResponsePost(responseUrl, (p) => p.replace_original === true);
    expect(decided.text).toBe(':wastebasket: Deleted the group *Solo*. Its 1 member keeps their account.');
  });

  it('does not tell the admin who confirmed a deactivation that they did it', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'UADMIN', text: 'deactivate p1@acme.test' });
    const preview = await t.fake.waitForResponsePost(responseUrl);
    const confirm = findButton(preview.blocks, 'deactivate.confirm')!;
    await t.slack.blockAction({ userId: 'UADMIN', actionId: confirm.action_id, value: confirm.value, responseUrl });
    const decided = await t.fake.waitForResponsePost(responseUrl, (p) => p.replace_original === true);
    expect(decided.text).toMatch(
      /^:white_check_mark: Deactivated \*Pia One\* \(p1@acme\.test\)\. Their license is free again\./,
    );
    expect(decided.text).not.toContain('<@UADMIN>');
  });

  it('names the group a group admin does not manage', async () => {
    expect((await t.slack.answer('UGA', 'group add "Sales EMEA" bob@acme.test')).text).toContain(
      'You do not manage the group “Sales EMEA”',
    );
  });

  it('says the no-license sentence once in a bulk result, with the addresses it stopped', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seatsFree: 1 } });
    const post = await t.slack.answer('UADMIN', 'invite n1@acme.test n2@acme.test n3@acme.test n4@acme.test');
    expect(post.text).toBe('Invitations: 1 done, 0 skipped, 3 failed');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    const all = asText(post.blocks);
    expect(all.split('No license is left').length - 1).toBe(1);
    expect(all).toContain(
      '• n2@acme.test, n3@acme.test, n4@acme.test — No license is left: the account has 10 licenses',
    );
  });

  it('suggests quotes when a group name with a space was typed without them', async () => {
    const post = await t.slack.answer('UADMIN', 'invite zed@acme.test --group Sales EMEA');
    expect(asText(post)).toContain('No group named “Sales”');
    expect(asText(post)).toContain('Names with spaces need quotes: did you mean `--group \\"Sales EMEA\\"`?');
    expect(await t.store.invitations.countDocuments({ email: 'zed@acme.test' })).toBe(0);
    const add = await t.slack.answer('UADMIN', 'group add Sales EMEA bob@acme.test');
    expect(asText(add)).toContain('did you mean `\\"Sales EMEA\\"`?');
  });
});
