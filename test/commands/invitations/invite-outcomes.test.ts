import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createUser } from '../../support/factories.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';

/**
 * Issue 9, item 2: one invite, one outcome per address. A duplicate in another case got no line, a
 * 60-address result ended in "…and 20 more" with no way to see them, and mentions of someone
 * without an email (or whom Slack does not know) were shown as literal `<@U…>` text.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADA', email: 'ada@acme.test', realName: 'Ada Admin' });
  t.fake.addUser({ id: 'UNOMAIL', realName: 'Nora Nomail' });
  await createUser(t.store, { email: 'ada@acme.test', role: 'admin' });
  await createUser(t.store, { email: 'member@acme.test' });
  await t.slack.slashCommand({ userId: 'U_ADA', text: 'help' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  await waitForBulkRuns(t.store);
  t.fake.reset();
  await t.store.invitations.deleteMany({});
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 500, seatsFree: 498 } }).exec();
});

/** The result a bulk invite ends with, in the DM from ub. */
async function bulkResult(commandText: string) {
  const before = t.fake.messagesIn('U_ADA').length;
  await t.slack.slashCommand({ userId: 'U_ADA', text: commandText });
  await waitForBulkRuns(t.store);
  const result = () =>
    t.fake
      .messagesIn('U_ADA')
      .slice(before)
      .find((m) => String(m.text).startsWith('Invitations:'));
  await t.fake.waitForCall('chat.update', () => result() !== undefined);
  return result()!;
}

describe('one outcome per address', () => {
  it('gives a duplicate in another case, a member and two unusable mentions each their own line', async () => {
    const fresh = Array.from({ length: 15 }, (_, i) => `new${i + 1}@acme.test`);
    const result = await bulkResult(
      `invite ${fresh.join(' ')} Ann@Acme.test ann@acme.test member@acme.test <@UNOMAIL> <@UZZZ>`,
    );
    // 20 addresses and mentions: 16 invited, 2 skipped (the repeat, the member), 2 failed.
    expect(result.text).toBe('Invitations: 16 done, 2 skipped, 2 failed');
    const shown = asText(result.blocks);
    expect(shown).toContain('ann@acme.test — listed twice (same address as Ann@Acme.test)');
    expect(shown).toContain('member@acme.test — already');
    expect(shown).toContain('<@UNOMAIL> — has no email on their Slack profile; use their email instead');
    expect(shown).toContain(
      'Slack user UZZZ — is not someone Slack knows here (they may have left this workspace); use their email instead',
    );
    expect(shown).not.toContain('&lt;@U');
  });

  it('says the same in a small invite answered at once, and in a group command', async () => {
    const { responseUrl } = await t.slack.slashCommand({
      userId: 'U_ADA',
      text: 'invite x@acme.test X@acme.test <@UNOMAIL> <@UZZZ>',
    });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.text).toBe('Invitations: 1 done, 1 skipped, 2 failed');
    expect(asText(post.blocks)).toContain('X@acme.test — listed twice (same address as x@acme.test)');
    expect(asText(post.blocks)).toContain('<@UNOMAIL> — has no email on their Slack profile');
    expect(asText(post.blocks)).toContain('Slack user UZZZ — is not someone Slack knows here');
    expect(asText(post.blocks)).not.toContain('&lt;@U');

    const created = await t.slack.slashCommand({ userId: 'U_ADA', text: 'group create Crew' });
    await t.fake.waitForResponsePost(created.responseUrl);
    const group = await t.slack.slashCommand({ userId: 'U_ADA', text: 'group add Crew member@acme.test <@UNOMAIL>' });
    const added = await t.fake.waitForResponsePost(group.responseUrl);
    expect(asText(added.blocks)).toContain('<@UNOMAIL> — has no email on their Slack profile');
    expect(asText(added.blocks)).not.toContain('&lt;@U');
  });

  it('reports an exact repeat too, however far apart in a long list', async () => {
    const many = Array.from({ length: 150 }, (_, i) => `far${i}@acme.test`);
    const result = await bulkResult(`invite ${[...many, 'far3@acme.test'].join(' ')}`);
    expect(result.text).toBe('Invitations: 150 done, 1 skipped, 0 failed');
    expect(asText(result.blocks)).toContain('far3@acme.test — listed twice');
  });

  it('lets a long result be read in full, page by page', async () => {
    const people = Array.from({ length: 130 }, (_, i) => `p${String(i).padStart(3, '0')}@acme.test`);
    const result = await bulkResult(`invite ${people.join(' ')} <@UZZZ>`);
    expect(result.text).toBe('Invitations: 130 done, 0 skipped, 1 failed');
    expect(asText(result.blocks)).toContain('…and 90 more');
    const showAll = findButton(result.blocks, 'bulk.outcomes')!;
    expect(showAll).toBeDefined();

    const click = await t.slack.blockAction({ userId: 'U_ADA', actionId: showAll.action_id, value: showAll.value });
    const first = await t.fake.waitForResponsePost(click.responseUrl);
    expect(validateBlocks(first.blocks, 'message')).toEqual([]);
    expect(first.text).toBe('Invitations, every outcome (page 1 of 3)');
    expect(asText(first.blocks)).toContain('Slack user UZZZ — is not someone Slack knows here');

    const next = findButton(first.blocks, 'bulk.outcomes')!;
    const second = await t.slack.blockAction({
      userId: 'U_ADA',
      actionId: next.action_id,
      value: next.value,
      responseUrl: click.responseUrl,
    });
    const page2 = await t.fake.waitForResponsePost(second.responseUrl, (p) => p.replace_original === true);
    expect(page2.text).toBe('Invitations, every outcome (page 2 of 3)');
    expect(validateBlocks(page2.blocks, 'message')).toEqual([]);
    const lines = asText(page2.blocks).match(/p\d{3}@acme\.test/g)!;
    expect(lines).toHaveLength(100);
    expect(lines[0]).toBe('p000@acme.test');

    const last = findButton(page2.blocks, 'bulk.outcomes:next')!;
    const third = await t.slack.blockAction({
      userId: 'U_ADA',
      actionId: last.action_id,
      value: last.value,
      responseUrl: click.responseUrl,
    });
    const page3 = await t.fake.waitForResponsePost(
      third.responseUrl,
      (p) => p.replace_original === true && String(p.text).includes('page 3'),
    );
    expect(asText(page3.blocks).match(/p\d{3}@acme\.test/g)).toHaveLength(30);
    expect(findButton(page3.blocks, 'bulk.outcomes:next')).toBeUndefined();
  });

  it('shows a result in full only to who started it, or an admin', async () => {
    const people = Array.from({ length: 45 }, (_, i) => `q${i}@acme.test`);
    const result = await bulkResult(`invite ${people.join(' ')}`);
    const showAll = findButton(result.blocks, 'bulk.outcomes')!;
    t.fake.addUser({ id: 'U_MEM', email: 'member@acme.test' });
    const click = await t.slack.blockAction({ userId: 'U_MEM', actionId: showAll.action_id, value: showAll.value });
    expect(asText(await t.fake.waitForResponsePost(click.responseUrl))).toContain(
      'Only the person who started this, or an admin, can see its result.',
    );
  });
});
