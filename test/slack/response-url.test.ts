import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/logger.js';
import { ReplyNotDelivered, responseUrl, type ResponseUrl } from '../../src/slack/response-url.js';
import { FakeSlack, RESPONSE_URL_MAX_POSTS } from '../support/fake-slack/index.js';
import { refusal } from '../support/use-test-database.js';

/** Posts to a response_url: retried on 429 and 5xx within its 30 minutes and 5 posts, given up loudly. */
let fake: FakeSlack;
let logs: string[];
let waits: number[];

beforeAll(async () => {
  fake = await FakeSlack.start();
});
afterAll(async () => {
  await fake.stop();
});
beforeEach(() => {
  fake.reset();
  logs = [];
  waits = [];
});

function poster(url: string, options: { issuedAt?: Date; now?: () => Date } = {}): ResponseUrl {
  return responseUrl({
    url,
    issuedAt: options.issuedAt ?? new Date(),
    requestId: 'R-test123',
    log: createLogger('debug', (line) => logs.push(line)),
    policy: { maxAttempts: 4, firstDelayMs: 100, maxDelayMs: 250 },
    ...(options.now ? { now: options.now } : {}),
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

const message = { text: 'Done.', response_type: 'ephemeral' };

describe('posting an answer to a response_url', () => {
  it('waits out a 429 for as long as Retry-After says, then posts', async () => {
    const url = fake.createResponseUrl();
    fake.failResponsePosts(({ n }) => (n === 1 ? { status: 429, retryAfterSeconds: 2 } : undefined));
    await poster(url).post(message);
    expect(fake.responseAttempts(url)).toEqual([429, 200]);
    expect(waits).toEqual([2000]);
    expect(fake.responsePosts(url)).toEqual([message]);
  });

  it('retries a 5xx with a growing delay', async () => {
    const url = fake.createResponseUrl();
    fake.failResponsePosts(({ n }) => (n <= 3 ? { status: n === 2 ? 503 : 500 } : undefined));
    await poster(url).post(message);
    expect(fake.responseAttempts(url)).toEqual([500, 503, 500, 200]);
    expect(waits).toEqual([100, 200, 250]);
  });

  it('gives up after its attempts, and logs it with the request id', async () => {
    const url = fake.createResponseUrl();
    fake.failResponsePosts(() => ({ status: 500 }));
    expect(await refusal(poster(url).post(message))).toBeInstanceOf(ReplyNotDelivered);
    expect(fake.responseAttempts(url)).toHaveLength(4);
    expect(logs.filter((line) => line.includes('ERROR'))).toEqual([
      expect.stringContaining('slack: an answer was given up: the response_url did not take it requestId="R-test123"'),
    ]);
  });

  it('does not retry what Slack refuses for good (a used-up or unknown URL, a payload it rejects)', async () => {
    const unknown = `${fake.baseUrl}/response/R99999999`;
    expect(await refusal(poster(unknown).post(message))).toBeInstanceOf(ReplyNotDelivered);
    expect(waits).toEqual([]);
    expect(logs.join('\n')).toContain('HTTP 404 invalid_url');
  });

  it('never posts more than the 5 a response_url takes, failed attempts aside', async () => {
    const url = fake.createResponseUrl();
    const answers = poster(url);
    fake.failResponsePosts(({ n }) => (n % 2 === 1 ? { status: 429, retryAfterSeconds: 0 } : undefined));
    for (let i = 0; i < RESPONSE_URL_MAX_POSTS; i++) await answers.post({ ...message, text: `${i}` });
    expect(fake.responsePosts(url)).toHaveLength(RESPONSE_URL_MAX_POSTS);
    expect(await refusal(answers.post(message))).toBeInstanceOf(ReplyNotDelivered);
    expect(fake.responseAttempts(url)).toHaveLength(2 * RESPONSE_URL_MAX_POSTS);
  });

  it('does not post to a response_url older than 30 minutes, nor retry past that', async () => {
    const url = fake.createResponseUrl();
    const issuedAt = new Date(Date.now() - 31 * 60_000);
    expect(await refusal(poster(url, { issuedAt }).post(message))).toBeInstanceOf(ReplyNotDelivered);
    expect(fake.responseAttempts(url)).toEqual([]);

    const nearlyExpired = new Date(Date.now() - 30 * 60_000 + 500);
    fake.failResponsePosts(() => ({ status: 429, retryAfterSeconds: 5 }));
    expect(await refusal(poster(url, { issuedAt: nearlyExpired }).post(message))).toBeInstanceOf(ReplyNotDelivered);
    expect(fake.responseAttempts(url)).toEqual([429]);
    expect(waits).toEqual([]);
  });
});
