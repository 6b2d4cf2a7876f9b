import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { postOnce, POST_METADATA_TYPE, type PostEnv } from '../../../src/jobs/kit/post-once.js';
import { createLogger } from '../../../src/logger.js';
import { FakeSlack, fakeSlackClient } from '../../support/fake-slack/index.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';

const t = useTestDatabase();
let fake: FakeSlack;
beforeAll(async () => {
  fake = await FakeSlack.start();
  fake.addUser({ id: 'UANN', email: 'ann@example.com' });
});
afterAll(async () => fake.stop());
beforeEach(async () => {
  await clearDatabase(t.store);
  fake.reset();
});

const env = (runner = 'runner-a'): PostEnv => ({
  store: t.store,
  client: fakeSlackClient(fake),
  orgId: 'T_TEST',
  runId: 'T_TEST:run:x',
  runner,
  leaseMs: 1_000,
  log: createLogger('error'),
});
const message = { text: 'You are invited' };
const posts = () => fake.callsTo('chat.postMessage').filter((c) => c.ok);

/** A claim left by a runner that died `ageMs` ago, before or after its post reached Slack. */
async function deadClaim(input: { ageMs: number; posted: boolean }): Promise<void> {
  const nonce = `runner-dead-${Math.random().toString(36).slice(2)}`;
  const claimedAt = new Date(Date.now() - input.ageMs);
  await t.store.slackPosts.create({
    _id: 'k1',
    orgId: 'T_TEST',
    runId: 'T_TEST:run:x',
    state: 'sending',
    nonce,
    target: 'UANN',
    claimedAt,
  });
  if (input.posted)
    await fakeSlackClient(fake).chat.postMessage({
      channel: 'UANN',
      ...message,
      metadata: { event_type: POST_METADATA_TYPE, event_payload: { post: nonce } },
    });
  fake.reset();
}

describe('postOnce', () => {
  it('posts with its nonce in the metadata, and finds the post the next time instead of posting again', async () => {
    const first = await postOnce(env(), 'k1', 'UANN', message);
    expect(first).toMatchObject({ state: 'sent', channel: 'DUANN', fresh: true });
    expect(posts()[0]!.args.metadata).toMatchObject({ event_type: 'ub_post' });
    const again = await postOnce(env('runner-b'), 'k1', 'UANN', message);
    expect(again).toMatchObject({ state: 'sent', channel: 'DUANN' });
    expect(again).not.toHaveProperty('fresh');
    expect(posts()).toHaveLength(1);
  });

  it('does not post again what a runner that died had posted: Slack history shows its nonce', async () => {
    await deadClaim({ ageMs: 5_000, posted: true });
    const outcome = await postOnce(env(), 'k1', 'UANN', message);
    expect(outcome).toMatchObject({ state: 'sent', channel: 'DUANN' });
    expect(posts()).toHaveLength(0);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(await t.store.slackPosts.findById('k1').lean()).toMatchObject({ state: 'sent', channel: 'DUANN' });
  });

  it('posts once what a runner that died had claimed but not posted', async () => {
    await deadClaim({ ageMs: 5_000, posted: false });
    expect(await postOnce(env(), 'k1', 'UANN', message)).toMatchObject({ state: 'sent', fresh: true });
    expect(posts()).toHaveLength(1);
  });

  it('leaves a claim that a live runner took just now to that runner', async () => {
    await deadClaim({ ageMs: 0, posted: false });
    expect(await postOnce(env(), 'k1', 'UANN', message)).toEqual({ state: 'busy' });
    expect(posts()).toHaveLength(0);
  });

  it('records a message Slack refuses for good as not sent, and keeps the claim when it may pass', async () => {
    fake.failNext('chat.postMessage', 'user_disabled');
    expect(await postOnce(env(), 'k1', 'UANN', message)).toEqual({
      state: 'not_sent',
      reason: 'Slack refused the message (user_disabled)',
    });
    fake.failNext('chat.postMessage', 'ratelimited');
    await expect(postOnce(env(), 'k2', 'UANN', message)).rejects.toThrow();
    expect(await t.store.slackPosts.findById('k2').lean()).toMatchObject({ state: 'sending' });
    // The same runner tries again at once: it looks first, finds nothing, and posts.
    expect(await postOnce(env(), 'k2', 'UANN', message)).toMatchObject({ state: 'sent', fresh: true });
    expect(posts()).toHaveLength(1);
  });
});
