import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { buildRouter } from '../../src/commands/index.js';
import { SLACK_RETRY, slackClientOptions } from '../../src/slack/client-options.js';
import { usageLine } from '../../src/slack/kit/subcommand.js';
import { escapeMrkdwn } from '../../src/views/mrkdwn.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createUser } from '../support/factories.js';
import { pickedOption } from '../support/payload-factories.js';

/** Slack failing now and then loses no answer; a form that cannot open says so and offers the command. */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  // Members, so the form's answer is a profile posted in the channel (an unknown address stays in the form).
  await createUser(t.store, { email: 'nobody@example.com' });
  await createUser(t.store, { email: 'someone@example.com' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(() => {
  t.fake.reset();
});

describe('answers on the response_url', () => {
  it('all arrive when the response_url answers 429 or 500 half the time', async () => {
    // Every first post to each URL fails, alternately 429 and 500: half of all posts.
    t.fake.failResponsePosts(({ n, attempt }) =>
      attempt > 1 ? undefined : n % 2 === 1 ? { status: 429, retryAfterSeconds: 0 } : { status: 500 },
    );
    const sent = await Promise.all(
      Array.from({ length: 10 }, () => t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license' })),
    );
    for (const { responseUrl } of sent) {
      expect(String((await t.fake.waitForResponsePost(responseUrl)).text)).toMatch(/^Licenses:/);
      expect(t.fake.responsePosts(responseUrl)).toHaveLength(1);
    }
    expect(
      sent.flatMap(({ responseUrl }) => t.fake.responseAttempts(responseUrl)).filter((s) => s !== 200).length,
    ).toBeGreaterThan(0);
  });

  it('logs an answer it finally gives up, with the request id', async () => {
    t.fake.failResponsePosts(() => ({ status: 503 }));
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license' });
    const deadline = Date.now() + 5000;
    while (!t.logs.some((line) => line.includes('an answer was given up')) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const line = t.logs.find((l) => l.includes('an answer was given up'));
    expect(line).toMatch(/requestId="R-[0-9a-f]{10}"/);
    expect(line).toContain('HTTP 503');
    t.fake.failResponsePosts(undefined);
    // The failure to answer is not answered with a second failure message.
    expect(t.fake.responseAttempts(responseUrl)).toHaveLength(4);
  });
});

describe('Web API calls', () => {
  it('deliver a message through a 429 and a 500, with the app’s short retry policy', async () => {
    t.fake.failNext('chat.postEphemeral', 'ratelimited', { retryAfterSeconds: 0 });
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'user.submit',
      values: { email: { 'person.search:email': pickedOption('nobody@example.com') } },
      privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
    });
    const first = await t.fake.waitForCall('chat.postEphemeral', (c) => c.ok);
    expect(String(first.args.text)).toContain('nobody@example.com');
    t.fake.failNext('chat.postEphemeral', 'internal_error', { httpStatus: 500 });
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'user.submit',
      values: { email: { 'person.search:email': pickedOption('someone@example.com') } },
      privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
    });
    await t.fake.waitForCall('chat.postEphemeral', (c) => c.ok && String(c.args.text).includes('someone@example.com'));
    expect(t.fake.callsTo('chat.postEphemeral').map((c) => c.error ?? 'ok')).toEqual([
      'ratelimited',
      'ok',
      'internal_error',
      'ok',
    ]);
  });

  it('retry within about half a minute, not @slack/web-api’s 30 minutes, for every client the app builds', () => {
    const options = slackClientOptions({ slackApiUrl: 'https://slack.com/api/' });
    expect(options.retryConfig).toBe(SLACK_RETRY);
    const { retries = 10, maxTimeout = Infinity } = SLACK_RETRY;
    expect(retries).toBeLessThanOrEqual(5);
    // p-retry waits at most maxTimeout between tries (randomize doubles minTimeout·factor^n, still capped).
    expect(retries * maxTimeout).toBeLessThanOrEqual(60_000);
  });
});

describe('a form that cannot open', () => {
  it.each([
    ['rate limited (429)', () => t.fake.failNext('views.open', 'ratelimited', { retryAfterSeconds: 1 })],
    ['a Slack server error (500)', () => t.fake.failNext('views.open', 'internal_error', { httpStatus: 500 })],
    ['an expired trigger_id', () => t.fake.failNext('views.open', 'expired_trigger_id')],
  ])('says so when views.open fails (%s), offers the command, and does not retry', async (_, fail) => {
    fail();
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'user' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.response_type).toBe('ephemeral');
    const said = JSON.stringify(post);
    expect(said).toContain('The form could not open');
    expect(said).toContain(`Usage: \`${escapeMrkdwn(usageLine(buildRouter().find('user')!))}\``);
    expect(t.fake.callsTo('views.open')).toHaveLength(1);
  });
});
