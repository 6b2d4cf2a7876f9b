import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ErrorCode, LogLevel, WebClient, type Logger, type WebAPIPlatformError, type WebAPIRateLimitedError } from '@slack/web-api';
import { FakeSlack } from '../support/fake-slack/index.js';

/** The client logs every refused call; these tests provoke refusals on purpose. */
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, setLevel: () => {}, getLevel: () => LogLevel.ERROR, setName: () => {} };

let fake: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  fake = await FakeSlack.start();
  client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quiet });
  fake.addUser({ id: 'UALICE01', email: 'alice@example.com', realName: 'Alice Liddell' });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.stop();
});

async function slackError(call: Promise<unknown>): Promise<{ error: string; data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    const platform = error as WebAPIPlatformError;
    if (platform.code === ErrorCode.PlatformError) return { error: platform.data.error, data: platform.data as unknown as Record<string, unknown> };
    throw error;
  }
  throw new Error('the call succeeded');
}

describe('authentication', () => {
  it('answers auth.test like Slack for the bot token', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, team_id: 'T_TEST', user_id: 'U_BOT' });
  });

  it('refuses an unknown token (invalid_auth) and a missing one (not_authed)', async () => {
    const stranger = new WebClient('xoxb-other', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
    expect((await slackError(stranger.auth.test())).error).toBe('invalid_auth');
    const response = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
    expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
  });
});

describe('messages', () => {
  it('records a message with its arguments, blocks decoded', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks });
    expect(posted.ts).toBeDefined();
    expect(fake.lastCall('chat.postMessage')).toMatchObject({ ok: true, token: 'xoxb-test', args: { channel: 'C1', text: 'hi', blocks } });
  });

  it('refuses blocks over the limits with invalid_blocks and says why', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'section', text: { type: 'mrkdwn', text: 'x' } }));
    const { error, data } = await slackError(client.chat.postMessage({ channel: 'C1', text: 'many', blocks }));
    expect(error).toBe('invalid_blocks');
    expect(JSON.stringify(data.response_metadata)).toContain('no more than 50 items');
  });

  it('refuses a message without channel or without any content', async () => {
    expect((await slackError(client.chat.postMessage({ channel: '', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(client.apiCall('chat.postMessage', { channel: 'C1' }))).error).toBe('no_text');
  });

  it('notes a message that has blocks but no text fallback', async () => {
    await client.apiCall('chat.postMessage', { channel: 'C1', blocks: [{ type: 'divider' }] });
    expect(fake.lastCall('chat.postMessage')?.missingTextFallback).toBe(true);
  });

  it('truncates text over 40,000 characters as Slack does', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_100) });
    expect((fake.lastCall('chat.postMessage')?.args.text as string).length).toBe(40_000);
  });

  it('updates a message it has and refuses one it never saw', async () => {
    const posted = await client.chat.postMessage({ channel: 'C2', text: 'before' });
    await client.chat.update({ channel: 'C2', ts: posted.ts!, text: 'after' });
    expect(fake.messagesIn('C2')[0]?.text).toBe('after');
    expect((await slackError(client.chat.update({ channel: 'C2', ts: '1.2', text: 'x' }))).error).toBe('message_not_found');
  });

  it('rate-limits a channel after a burst with HTTP 429 and Retry-After', async () => {
    let limited: WebAPIRateLimitedError | undefined;
    for (let i = 0; i < 40 && !limited; i++) {
      try {
        await client.chat.postMessage({ channel: 'C_BUSY', text: `m${i}` });
      } catch (error) {
        limited = error as WebAPIRateLimitedError;
      }
    }
    expect(limited?.code).toBe(ErrorCode.RateLimitedError);
    expect(limited?.retryAfter).toBe(1);
  });

  it('fails the next call as told, with Slack error details (ratelimited, missing_scope)', async () => {
    fake.failNext('users.info', 'ratelimited', { retryAfterSeconds: 7 });
    await expect(client.users.info({ user: 'UALICE01' })).rejects.toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    fake.failNext('chat.postMessage', 'missing_scope', { needed: 'chat:write' });
    const { error, data } = await slackError(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(error).toBe('missing_scope');
    expect(data.needed).toBe('chat:write');
    expect((await client.users.info({ user: 'UALICE01' })).ok).toBe(true);
  });
});

describe('people and DMs', () => {
  it('describes known users and refuses unknown ones', async () => {
    const info = await client.users.info({ user: 'UALICE01' });
    expect(info.user?.profile?.email).toBe('alice@example.com');
    expect((await slackError(client.users.info({ user: 'UNOBODY1' }))).error).toBe('user_not_found');
    expect((await client.users.lookupByEmail({ email: 'ALICE@example.com' })).user?.id).toBe('UALICE01');
    expect((await slackError(client.users.lookupByEmail({ email: 'bob@example.com' }))).error).toBe('users_not_found');
  });

  it('opens a DM channel for a user', async () => {
    expect((await client.conversations.open({ users: 'UALICE01' })).channel?.id).toBe('DUALICE01');
  });
});

describe('views', () => {
  const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Invite' }, blocks: [] };

  it('opens a modal only with a fresh, unused trigger_id', async () => {
    const trigger = fake.issueTriggerId();
    const opened = await client.views.open({ trigger_id: trigger, view });
    expect(opened.view?.id).toMatch(/^V/);
    expect((await slackError(client.views.open({ trigger_id: trigger, view }))).error).toBe('expired_trigger_id');
    expect((await slackError(client.views.open({ trigger_id: 'made-up', view }))).error).toBe('invalid_trigger_id');
  });

  it('expires a trigger_id after 3 seconds', async () => {
    const trigger = fake.issueTriggerId();
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect((await slackError(client.views.open({ trigger_id: trigger, view }))).error).toBe('expired_trigger_id');
  });

  it('refuses a modal over the limits with invalid_arguments', async () => {
    const bad = { ...view, title: { type: 'plain_text' as const, text: 'A title that is far too long for Slack' } };
    const { error, data } = await slackError(client.views.open({ trigger_id: fake.issueTriggerId(), view: bad }));
    expect(error).toBe('invalid_arguments');
    expect(JSON.stringify(data.response_metadata)).toContain('at most 24');
  });

  it('updates a view it opened and refuses an unknown one', async () => {
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view });
    expect((await client.views.update({ view_id: opened.view!.id!, view })).ok).toBe(true);
    expect((await slackError(client.views.update({ view_id: 'V_NONE', view }))).error).toBe('not_found');
  });

  it('publishes a Home tab for a user and refuses one without user_id', async () => {
    const home = { type: 'home' as const, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }] };
    expect((await client.views.publish({ user_id: 'UALICE01', view: home })).ok).toBe(true);
    expect((await slackError(client.apiCall('views.publish', { view: home }))).error).toBe('invalid_arguments');
  });
});

describe('files', () => {
  it('takes an upload through files.uploadV2 (get URL, upload bytes, complete)', async () => {
    await client.filesUploadV2({ channel_id: 'DUALICE01', filename: 'users.csv', title: 'All users', content: 'email\nalice@example.com\n', initial_comment: 'Your export' });
    const [file] = fake.uploadedFiles();
    expect(file).toMatchObject({ filename: 'users.csv', channelId: 'DUALICE01', initialComment: 'Your export', title: 'All users' });
    expect(file?.bytes?.toString('utf8')).toBe('email\nalice@example.com\n');
    expect(fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
  });

  it('refuses completing an upload whose bytes never arrived, and the retired files.upload', async () => {
    const { file_id } = await client.files.getUploadURLExternal({ filename: 'x.csv', length: 3 });
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).error).toBe('file_upload_not_complete');
    expect((await slackError(client.apiCall('files.upload', { channels: 'C1', content: 'x' }))).error).toBe('method_deprecated');
  });
});

describe('response_url', () => {
  const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('records posts and takes at most 5', async () => {
    const url = fake.createResponseUrl();
    for (let i = 0; i < 5; i++) expect((await post(url, { text: `p${i}` })).status).toBe(200);
    const sixth = await post(url, { text: 'p5' });
    expect(sixth.status).toBe(404);
    expect(await sixth.json()).toMatchObject({ error: 'used_url' });
    expect(fake.responsePosts(url).map((p) => p.text)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('refuses blocks over the message limits and a post with no content', async () => {
    const url = fake.createResponseUrl();
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    expect((await post(url, { text: 'x', blocks })).status).toBe(400);
    expect((await post(url, {})).status).toBe(400);
    expect(fake.responsePosts(url)).toEqual([]);
  });
});
