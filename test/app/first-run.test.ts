import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { validateBlocks, validateView } from '../support/fake-slack/index.js';
import { asJson, asText, findButton } from '../support/posted-blocks.js';

/**
 * ub's first afternoon (issue 9, item 4): a bootstrap admin's first contact gets a welcome DM
 * with buttons for what to set up first, once; `/ub license` reads sensibly before the license
 * count is set, and afterwards counts the admin's own license.
 */
let t: TestApp;

const welcomes = (user: string) =>
  t.fake
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === user && String(c.args.text).startsWith('Welcome to ub'));

beforeAll(async () => {
  t = await startTestApp({ env: { UB_BOOTSTRAP_ADMINS: 'UBOOT' } });
  t.fake.addUser({ id: 'UBOOT', email: 'ada@acme.test', realName: 'Ada Lovelace' });
});
afterAll(async () => {
  await t.stop();
});

describe('the first run', () => {
  it('shows /ub license as "not set yet" rather than "1 of 0 in use" with a warning', async () => {
    const post = await t.slack.answer('UBOOT', 'license');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    expect(post.text).toBe('Licenses: license count not set yet (1 in use)');
    const all = asText(post.blocks);
    expect(all).toContain('License count not set yet.');
    expect(all).toContain('`/ub license seats &lt;n&gt; [--pro &lt;n&gt;]`');
    expect(all).not.toContain('1 of 0');
    expect(all).not.toContain(':warning:');
  });

  it('welcomes the first admin by DM, once, with buttons for what to set up first', async () => {
    await t.fake.waitForCall('chat.postMessage', (c) => c.args.channel === 'UBOOT');
    const [welcome] = welcomes('UBOOT');
    const blocks = asJson(welcome!.args.blocks);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const all = asText(blocks);
    for (const step of ['The license count', 'Groups', 'Who else is an admin']) expect(all).toContain(step);
    expect(findButton(blocks, 'ub.run:license-seats')).toBeDefined();
    expect(findButton(blocks, 'ub.run:group-create')).toBeDefined();
    expect(findButton(blocks, 'ub.run:invite')).toBeDefined();

    // More contact, including the App Home event delivered twice by Slack: no second welcome.
    await t.slack.answer('UBOOT', 'help');
    const home = { type: 'app_home_opened', user: 'UBOOT', channel: 'DUBOOT', tab: 'home', event_ts: '1.0' };
    await t.slack.event({ event: home, eventId: 'Ev-first-run' });
    await t.slack.event({ event: home, eventId: 'Ev-first-run', retryNum: 1 });
    await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'UBOOT');
    expect(welcomes('UBOOT')).toHaveLength(1);
  });

  it('refuses an invite before the count is set, saying what to do', async () => {
    const post = await t.slack.answer('UBOOT', 'invite ann@acme.test');
    expect(asText(post)).toContain('The license count is not set yet, so nobody can be invited.');
  });

  it('opens the license form from the welcome button, and counts the admin once the count is set', async () => {
    const blocks = asJson(welcomes('UBOOT')[0]!.args.blocks);
    const button = findButton(blocks, 'ub.run:license-seats')!;
    const { triggerId } = await t.slack.blockAction({
      userId: 'UBOOT',
      actionId: button.action_id,
      value: button.value,
      channelId: 'DUBOOT',
    });
    const open = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    expect(open.ok).toBe(true);
    const view = asJson(open.args.view) as { callback_id: string };
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe('license.seats.submit');

    await t.slack.viewSubmission({
      userId: 'UBOOT',
      callbackId: 'license.seats.submit',
      values: {
        seats: { seats: { type: 'number_input', value: '10' } },
        pro: { pro: { type: 'number_input', value: '2' } },
      },
    });
    await t.fake.waitForCall('chat.postMessage', (c) => String(c.args.text).startsWith('Licenses: 1 of 10'));
    const post = await t.slack.answer('UBOOT', 'license');
    expect(post.text).toBe('Licenses: 1 of 10 in use, 9 free; Pro: 0 of 2 in use');
  });
});
