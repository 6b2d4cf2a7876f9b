import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ErrorCode, type WebClient, type WebAPIRateLimitedError } from '@slack/web-api';
import {
  FakeSlack,
  fakeSlackClient,
  GOOD_OAUTH_CODE,
  INSTALLED_BOT_TOKEN,
  slackError,
} from './support/fake-slack/index.js';

let fake: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  fake = await FakeSlack.start();
  client = fakeSlackClient(fake);
  fake.addUser({
    id: 'UALICE01',
    email: 'alice@example.com',
    realName: 'Alice Liddell',
    name: 'alice',
    tz: 'Europe/Paris',
  });
  fake.addUser({ id: 'UGONE001', email: 'gone@example.com', deleted: true });
  fake.addUser({ id: 'UROBOT01', isBot: true, teamId: 'T_OTHER' });
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.stop();
});

const form = (fields: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});

describe('authentication', () => {
  it('answers auth.test for the bot token with the test team and bot user', async () => {
    expect(await client.auth.test()).toMatchObject({ ok: true, team_id: 'T_TEST', user_id: 'U_BOT', bot_id: 'B_TEST' });
  });

  it('refuses an unknown token with invalid_auth and a missing one with not_authed', async () => {
    expect((await slackError(fakeSlackClient(fake, 'xoxb-other').auth.test())).error).toBe('invalid_auth');
    expect((await slackError(fakeSlackClient(fake, null).auth.test())).error).toBe('not_authed');
    expect(fake.lastCall('auth.test')).toMatchObject({ ok: false, error: 'not_authed', token: undefined });
  });

  it('takes the token from the Authorization header or from a token field', async () => {
    const byField = await fetch(`${fake.apiUrl}auth.test`, form({ token: 'xoxb-test' }));
    expect(await byField.json()).toMatchObject({ ok: true });
    const byHeader = await fetch(`${fake.apiUrl}auth.test`, form({}, { authorization: 'Bearer xoxb-test' }));
    expect(await byHeader.json()).toMatchObject({ ok: true });
    expect(fake.callsTo('auth.test').map((c) => c.token)).toEqual(['xoxb-test', 'xoxb-test']);
    expect(fake.lastCall('auth.test')?.args).not.toHaveProperty('token');
  });

  it('starts with another bot token when told', async () => {
    const other = await FakeSlack.start({ botToken: 'xoxb-other' });
    try {
      expect((await fakeSlackClient(other, 'xoxb-other').auth.test()).ok).toBe(true);
      expect((await slackError(fakeSlackClient(other).auth.test())).error).toBe('invalid_auth');
    } finally {
      await other.stop();
    }
  });
});

describe('request bodies', () => {
  it('reads a JSON body as Slack does, blocks as objects', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ channel: 'C1', text: 'hi', blocks }),
    });
    expect(await response.json()).toMatchObject({ ok: true, channel: 'C1' });
    expect(fake.lastCall('chat.postMessage')?.args.blocks).toEqual(blocks);
  });

  it('answers invalid_json to a body that is not JSON', async () => {
    const response = await fetch(`${fake.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
      body: '{nope',
    });
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_json' });
  });

  it('answers unknown_method for a method Slack does not have', async () => {
    expect((await slackError(client.apiCall('chat.sendCarrierPigeon', {}))).error).toBe('unknown_method');
  });
});

describe('messages', () => {
  it('records a message with its arguments, blocks decoded from the form body', async () => {
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'hi' } }];
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hi', blocks });
    expect(posted).toMatchObject({ ok: true, channel: 'C1', message: { text: 'hi', blocks } });
    expect(fake.lastCall('chat.postMessage')).toMatchObject({
      ok: true,
      token: 'xoxb-test',
      args: { channel: 'C1', text: 'hi', blocks },
    });
    expect(fake.lastCall('chat.postMessage')?.at).toBeInstanceOf(Date);
  });

  it('refuses a message without a channel (channel_not_found) or without content (no_text)', async () => {
    expect((await slackError(client.chat.postMessage({ channel: '', text: 'x' }))).error).toBe('channel_not_found');
    expect((await slackError(client.apiCall('chat.postMessage', { channel: 'C1' }))).error).toBe('no_text');
  });

  it('refuses blocks that are not JSON with invalid_blocks_format', async () => {
    const response = await fetch(
      `${fake.apiUrl}chat.postMessage`,
      form({ token: 'xoxb-test', channel: 'C1', text: 'x', blocks: '[{"type":' }),
    );
    expect(await response.json()).toEqual({ ok: false, error: 'invalid_blocks_format' });
  });

  it('takes blocks without a text fallback, as Slack does, but notes it on the call', async () => {
    await client.apiCall('chat.postMessage', { channel: 'C1', blocks: [{ type: 'divider' }] });
    expect(fake.lastCall('chat.postMessage')).toMatchObject({
      ok: true,
      missing_text_fallback: true,
      missingTextFallback: true,
    });
    await client.chat.postMessage({ channel: 'C1', text: 'fallback', blocks: [{ type: 'divider' }] });
    expect(fake.lastCall('chat.postMessage')?.missing_text_fallback).toBeUndefined();
  });

  it('keeps text over 40,000 characters cut at 40,000 and notes the original length', async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_100) });
    expect(posted.ok).toBe(true);
    const call = fake.lastCall('chat.postMessage');
    expect((call?.args.text as string).length).toBe(40_000);
    expect(call?.textTruncatedFrom).toBe(40_100);
  });

  it('updates a message it has, keeps its blocks when the update leaves them out, and refuses one it never saw', async () => {
    const posted = await client.chat.postMessage({ channel: 'C2', text: 'before', blocks: [{ type: 'divider' }] });
    const updated = await client.chat.update({ channel: 'C2', ts: posted.ts!, text: 'after' });
    expect(updated).toMatchObject({ ok: true, channel: 'C2', ts: posted.ts, text: 'after' });
    expect(fake.messagesIn('C2')).toEqual([expect.objectContaining({ text: 'after', blocks: [{ type: 'divider' }] })]);
    expect((await slackError(client.chat.update({ channel: 'C2', ts: '1.2', text: 'x' }))).error).toBe(
      'message_not_found',
    );
    expect((await slackError(client.chat.update({ channel: 'C9', ts: posted.ts!, text: 'x' }))).error).toBe(
      'message_not_found',
    );
  });

  it('validates an update like a new message', async () => {
    const posted = await client.chat.postMessage({ channel: 'C2', text: 'before' });
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    expect(
      (await slackError(client.apiCall('chat.update', { channel: 'C2', ts: posted.ts, text: 'x', blocks }))).error,
    ).toBe('invalid_blocks');
  });

  it('deletes a message once', async () => {
    const posted = await client.chat.postMessage({ channel: 'C3', text: 'bye' });
    expect((await client.chat.delete({ channel: 'C3', ts: posted.ts! })).ok).toBe(true);
    expect(fake.messagesIn('C3')).toEqual([]);
    expect((await slackError(client.chat.delete({ channel: 'C3', ts: posted.ts! }))).error).toBe('message_not_found');
  });

  it('posts an ephemeral message only with a user to show it to', async () => {
    expect(
      (await client.chat.postEphemeral({ channel: 'C1', user: 'UALICE01', text: 'psst' })).message_ts,
    ).toBeDefined();
    expect((await slackError(client.apiCall('chat.postEphemeral', { channel: 'C1', text: 'psst' }))).error).toBe(
      'invalid_arguments',
    );
    expect((await slackError(client.apiCall('chat.postEphemeral', { user: 'UALICE01', text: 'psst' }))).error).toBe(
      'channel_not_found',
    );
  });
});

describe('rate limits', () => {
  async function postUntilLimited(
    channel: string,
    max: number,
  ): Promise<{ sent: number; limited?: WebAPIRateLimitedError }> {
    for (let sent = 0; sent < max; sent++) {
      try {
        await client.chat.postMessage({ channel, text: `m${sent}` });
      } catch (error) {
        return { sent, limited: error as WebAPIRateLimitedError };
      }
    }
    return { sent: max };
  }

  it('takes a burst of 30 messages to a channel, then answers HTTP 429 ratelimited with Retry-After', async () => {
    const { sent, limited } = await postUntilLimited('C_BUSY', 40);
    expect(sent).toBe(30);
    expect(limited?.code).toBe(ErrorCode.RateLimitedError);
    expect(limited?.retryAfter).toBe(1);
    expect(fake.lastCall('chat.postMessage')).toMatchObject({ ok: false, error: 'ratelimited' });
  });

  it('limits each channel on its own and lets about one message a second through after the burst', async () => {
    await postUntilLimited('C_BUSY', 40);
    expect((await client.chat.postMessage({ channel: 'C_QUIET', text: 'fine' })).ok).toBe(true);
    fake.advanceTime(1000);
    expect((await client.chat.postMessage({ channel: 'C_BUSY', text: 'one more' })).ok).toBe(true);
    expect((await postUntilLimited('C_BUSY', 1)).limited).toBeDefined();
  });

  it('answers the 429 on the wire with a Retry-After header, as @slack/web-api expects', async () => {
    fake.failNext('chat.postMessage', 'ratelimited', { retryAfterSeconds: 3 });
    const response = await fetch(
      `${fake.apiUrl}chat.postMessage`,
      form({ token: 'xoxb-test', channel: 'C1', text: 'x' }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
  });
});

describe('forced failures', () => {
  it('fails only the next call of the method, as Slack would (ratelimited, missing_scope with needed)', async () => {
    fake.failNext('users.info', 'ratelimited', { retryAfterSeconds: 7 });
    await expect(client.users.info({ user: 'UALICE01' })).rejects.toMatchObject({
      code: ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
    fake.failNext('chat.postMessage', 'missing_scope', { needed: 'chat:write' });
    const { error, data } = await slackError(client.chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(error).toBe('missing_scope');
    expect(data.needed).toBe('chat:write');
    expect((await client.users.info({ user: 'UALICE01' })).ok).toBe(true);
    expect((await client.chat.postMessage({ channel: 'C1', text: 'x' })).ok).toBe(true);
  });

  it('queues several failures in order and forgets them on reset', async () => {
    fake.failNext('auth.test', 'not_in_channel');
    fake.failNext('auth.test', 'is_archived');
    expect((await slackError(client.auth.test())).error).toBe('not_in_channel');
    fake.reset();
    expect((await client.auth.test()).ok).toBe(true);
  });
});

describe('people and DMs', () => {
  it('describes a known user with profile email, real name, time zone, team, deleted and bot flags', async () => {
    const { user } = await client.users.info({ user: 'UALICE01' });
    expect(user).toMatchObject({
      id: 'UALICE01',
      team_id: 'T_TEST',
      name: 'alice',
      real_name: 'Alice Liddell',
      tz: 'Europe/Paris',
      deleted: false,
      is_bot: false,
    });
    expect(user?.profile).toMatchObject({ email: 'alice@example.com', real_name: 'Alice Liddell' });
    expect((await client.users.info({ user: 'UGONE001' })).user?.deleted).toBe(true);
    expect((await client.users.info({ user: 'UROBOT01' })).user).toMatchObject({ is_bot: true, team_id: 'T_OTHER' });
  });

  it('refuses an unknown user with user_not_found', async () => {
    expect((await slackError(client.users.info({ user: 'UNOBODY1' }))).error).toBe('user_not_found');
  });

  it('finds a user by email whatever its case, and answers users_not_found otherwise', async () => {
    expect((await client.users.lookupByEmail({ email: 'ALICE@example.com' })).user?.id).toBe('UALICE01');
    expect((await slackError(client.users.lookupByEmail({ email: 'bob@example.com' }))).error).toBe('users_not_found');
  });

  it('opens the same DM channel for a user every time', async () => {
    expect((await client.conversations.open({ users: 'UALICE01' })).channel?.id).toBe('DUALICE01');
    expect((await client.conversations.open({ users: 'UALICE01' })).channel?.id).toBe('DUALICE01');
  });

  it('refuses a DM with nobody, with an unknown user or with a deactivated one', async () => {
    expect((await slackError(client.apiCall('conversations.open', {}))).error).toBe('users_list_not_supplied');
    expect((await slackError(client.conversations.open({ users: 'UNOBODY1' }))).error).toBe('user_not_found');
    expect((await slackError(client.conversations.open({ users: 'UGONE001' }))).error).toBe('user_disabled');
  });

  it('keeps users across reset', async () => {
    fake.reset();
    expect((await client.users.info({ user: 'UALICE01' })).ok).toBe(true);
  });
});

describe('recorded calls', () => {
  it('waits for a call still to come, and for one already made', async () => {
    const later = fake.waitForCall('chat.postMessage', (c) => c.args.text === 'later');
    await client.chat.postMessage({ channel: 'C1', text: 'now' });
    await client.chat.postMessage({ channel: 'C1', text: 'later' });
    expect((await later).args.text).toBe('later');
    expect((await fake.waitForCall('chat.postMessage')).args.text).toBe('now');
  });

  it('waits for refused calls too, and gives up after the timeout', async () => {
    await slackError(client.users.info({ user: 'UNOBODY1' }));
    expect(await fake.waitForCall('users.info', (c) => !c.ok)).toMatchObject({ error: 'user_not_found' });
    await expect(fake.waitForCall('views.open', undefined, 50)).rejects.toThrow(/no views.open call within 50 ms/);
  });

  it('lists every call in order and forgets them on reset', async () => {
    await client.auth.test();
    await client.users.info({ user: 'UALICE01' });
    expect(fake.calls.map((c) => c.method)).toEqual(['auth.test', 'users.info']);
    expect(fake.lastCall('users.info')?.args).toEqual({ user: 'UALICE01' });
    fake.reset();
    expect(fake.calls).toEqual([]);
    expect(fake.lastCall('users.info')).toBeUndefined();
  });
});

describe('OAuth', () => {
  const noToken = () => fakeSlackClient(fake, null);

  it('exchanges the good code for an installation whose bot token then works', async () => {
    const installed = await noToken().oauth.v2.access({
      client_id: '1.2',
      client_secret: 'shh',
      code: GOOD_OAUTH_CODE,
    });
    expect(installed).toMatchObject({
      ok: true,
      access_token: INSTALLED_BOT_TOKEN,
      token_type: 'bot',
      bot_user_id: 'U_BOT',
      team: { id: 'T_TEST' },
      authed_user: { id: 'U_INSTALLER' },
    });
    expect(installed.scope?.split(',')).toEqual(expect.arrayContaining(['commands', 'chat:write', 'users:read.email']));
    expect((await fakeSlackClient(fake, INSTALLED_BOT_TOKEN).auth.test()).bot_id).toBe('B_TEST');
  });

  it('refuses another code with invalid_code and a missing client with invalid_client_id', async () => {
    expect(
      (await slackError(noToken().oauth.v2.access({ client_id: '1.2', client_secret: 'shh', code: 'stale' }))).error,
    ).toBe('invalid_code');
    expect((await slackError(noToken().apiCall('oauth.v2.access', { code: GOOD_OAUTH_CODE }))).error).toBe(
      'invalid_client_id',
    );
  });

  it('takes the client credentials from HTTP Basic authentication too', async () => {
    const basic = `Basic ${Buffer.from('1.2:shh').toString('base64')}`;
    const response = await fetch(
      `${fake.apiUrl}oauth.v2.access`,
      form({ code: GOOD_OAUTH_CODE }, { authorization: basic }),
    );
    expect(await response.json()).toMatchObject({ ok: true, access_token: INSTALLED_BOT_TOKEN });
  });
});
