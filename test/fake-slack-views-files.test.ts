import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ModalView, HomeView, WebClient } from '@slack/web-api';
import { FakeSlack, fakeSlackClient, slackError } from './support/fake-slack/index.js';

let fake: FakeSlack;
let client: WebClient;
beforeAll(async () => {
  fake = await FakeSlack.start();
  client = fakeSlackClient(fake);
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await fake.stop();
});

const modal = (overrides: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Invite' },
  blocks: [],
  ...overrides,
});
const home: HomeView = { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] };

describe('views.open and views.push', () => {
  it('open a modal with a fresh trigger_id and return its view with a V id', async () => {
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: modal({ callback_id: 'invite.submit', private_metadata: '{"c":1}' }),
    });
    expect(opened.view).toMatchObject({
      type: 'modal',
      callback_id: 'invite.submit',
      private_metadata: '{"c":1}',
      state: { values: {} },
    });
    expect(opened.view?.id).toMatch(/^V/);
    expect((await client.views.push({ trigger_id: fake.issueTriggerId(), view: modal() })).view?.id).toMatch(/^V/);
  });

  it('take a trigger_id once (expired_trigger_id after) and refuse one Slack never issued (invalid_trigger_id)', async () => {
    const trigger = fake.issueTriggerId();
    await client.views.open({ trigger_id: trigger, view: modal() });
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).error).toBe(
      'expired_trigger_id',
    );
    expect((await slackError(client.views.push({ trigger_id: 'made-up', view: modal() }))).error).toBe(
      'invalid_trigger_id',
    );
    expect((await slackError(client.apiCall('views.open', { view: modal() }))).error).toBe('invalid_arguments');
  });

  it('refuse a trigger_id older than 3 seconds', async () => {
    const trigger = fake.issueTriggerId();
    fake.advanceTime(2900);
    const fresh = fake.issueTriggerId();
    fake.advanceTime(200);
    expect((await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).error).toBe(
      'expired_trigger_id',
    );
    expect((await client.views.open({ trigger_id: fresh, view: modal() })).ok).toBe(true);
  });

  it('refuse a view over the limits with invalid_arguments and say why, without using up the trigger_id', async () => {
    const trigger = fake.issueTriggerId();
    const { error, data } = await slackError(
      client.views.open({
        trigger_id: trigger,
        view: modal({ title: { type: 'plain_text', text: 'A title far too long for Slack' } }),
      }),
    );
    expect(error).toBe('invalid_arguments');
    expect(data.response_metadata?.messages).toEqual([
      expect.stringMatching(/must be at most 24 characters.*\[json-pointer:\/view\/title\]/),
    ]);
    expect((await client.views.open({ trigger_id: trigger, view: modal() })).ok).toBe(true);
  });

  it('refuse a Home tab in a modal method and a duplicate external_id', async () => {
    expect(
      (await slackError(client.apiCall('views.open', { trigger_id: fake.issueTriggerId(), view: home }))).error,
    ).toBe('invalid_arguments');
    await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ external_id: 'invite-1' }) });
    expect(
      (
        await slackError(
          client.views.open({ trigger_id: fake.issueTriggerId(), view: modal({ external_id: 'invite-1' }) }),
        )
      ).error,
    ).toBe('duplicate_external_id');
  });
});

describe('views.update', () => {
  it('updates a view by view_id or by external_id', async () => {
    const opened = await client.views.open({
      trigger_id: fake.issueTriggerId(),
      view: modal({ external_id: 'loading-1' }),
    });
    const byId = await client.views.update({
      view_id: opened.view!.id!,
      view: modal({ title: { type: 'plain_text', text: 'Ready' } }),
    });
    expect(byId.view).toMatchObject({ id: opened.view!.id, title: { text: 'Ready' } });
    const byExternalId = await client.views.update({
      external_id: 'loading-1',
      view: modal({ external_id: 'loading-1', title: { type: 'plain_text', text: 'Done' } }),
    });
    expect(byExternalId.view?.id).toBe(opened.view!.id);
  });

  it('answers not_found for a view it does not know, and hash_conflict for a stale hash', async () => {
    expect((await slackError(client.views.update({ view_id: 'V_NONE', view: modal() }))).error).toBe('not_found');
    expect((await slackError(client.views.update({ external_id: 'nope', view: modal() }))).error).toBe('not_found');
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal() });
    const first = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal() });
    expect(first.ok).toBe(true);
    expect(
      (await slackError(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal() })))
        .error,
    ).toBe('hash_conflict');
  });

  it('checks the new view against the limits', async () => {
    const opened = await client.views.open({ trigger_id: fake.issueTriggerId(), view: modal() });
    const tooLong = modal({ private_metadata: 'p'.repeat(3001) });
    expect((await slackError(client.views.update({ view_id: opened.view!.id!, view: tooLong }))).error).toBe(
      'invalid_arguments',
    );
  });
});

describe('views.publish', () => {
  it('publishes a Home tab for a user, under the same view id each time', async () => {
    const first = await client.views.publish({ user_id: 'UALICE01', view: home });
    const second = await client.views.publish({ user_id: 'UALICE01', view: home });
    expect(first.view).toMatchObject({ type: 'home' });
    expect(second.view?.id).toBe(first.view?.id);
    expect(fake.lastCall('views.publish')?.args).toMatchObject({ user_id: 'UALICE01', view: home });
  });

  it('refuses a publish without user_id or with a modal', async () => {
    expect((await slackError(client.apiCall('views.publish', { view: home }))).error).toBe('invalid_arguments');
    expect((await slackError(client.apiCall('views.publish', { user_id: 'UALICE01', view: modal() }))).error).toBe(
      'invalid_arguments',
    );
  });
});

describe('file uploads', () => {
  it('take files.uploadV2 end to end: upload URL, bytes, completion in a channel', async () => {
    const content = 'email\nalice@example.com\n';
    await client.filesUploadV2({
      channel_id: 'DUALICE01',
      filename: 'users.csv',
      title: 'All users',
      content,
      initial_comment: 'Your export',
    });
    expect(fake.uploadedFiles()).toEqual([
      {
        fileId: expect.stringMatching(/^F/),
        filename: 'users.csv',
        bytes: Buffer.from(content),
        channelId: 'DUALICE01',
        initialComment: 'Your export',
        title: 'All users',
      },
    ]);
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(fake.lastCall('files.getUploadURLExternal')?.args).toMatchObject({
      filename: 'users.csv',
      length: String(Buffer.byteLength(content)),
    });
  });

  it('store raw bytes posted to the upload URL, binary included', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const { upload_url, file_id } = await client.files.getUploadURLExternal({
      filename: 'x.bin',
      length: bytes.length,
    });
    expect(upload_url).toBe(`${fake.baseUrl}/upload/${file_id}`);
    const posted = await fetch(upload_url!, { method: 'POST', body: bytes });
    expect([posted.status, await posted.text()]).toEqual([200, 'OK - 5']);
    await client.files.completeUploadExternal({ files: [{ id: file_id!, title: 'Binary' }] });
    expect(fake.uploadedFiles()[0]).toMatchObject({ fileId: file_id, bytes, title: 'Binary' });
  });

  it('refuse a request for an upload URL without filename or length', async () => {
    const { error, data } = await slackError(client.apiCall('files.getUploadURLExternal', { filename: 'x.csv' }));
    expect(error).toBe('invalid_arguments');
    expect(data.response_metadata?.messages?.join()).toContain('length');
    expect((await slackError(client.apiCall('files.getUploadURLExternal', { length: 3 }))).error).toBe(
      'invalid_arguments',
    );
  });

  it('refuse completing an upload whose bytes never arrived, an unknown file, or no files', async () => {
    const { file_id } = await client.files.getUploadURLExternal({ filename: 'x.csv', length: 3 });
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: file_id! }] }))).error).toBe(
      'file_upload_not_complete',
    );
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: 'F_NONE' }] }))).error).toBe(
      'file_not_found',
    );
    expect((await slackError(client.apiCall('files.completeUploadExternal', { channel_id: 'C1' }))).error).toBe(
      'invalid_arguments',
    );
    expect(fake.uploadedFiles()).toEqual([]);
  });

  it('answer method_deprecated to the retired files.upload', async () => {
    expect((await slackError(client.apiCall('files.upload', { channels: 'C1', content: 'x' }))).error).toBe(
      'method_deprecated',
    );
  });
});

describe('response_url', () => {
  const post = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('records the posts in order and answers ok', async () => {
    const url = fake.createResponseUrl();
    expect(url).toMatch(new RegExp(`^${fake.baseUrl}/response/`));
    const answer = await post(url, { text: 'first', response_type: 'ephemeral' });
    expect([answer.status, await answer.json()]).toEqual([200, { ok: true }]);
    await post(url, { replace_original: true, text: 'second', blocks: [{ type: 'divider' }] });
    await post(url, { delete_original: true });
    expect(fake.responsePosts(url)).toEqual([
      { text: 'first', response_type: 'ephemeral' },
      { replace_original: true, text: 'second', blocks: [{ type: 'divider' }] },
      { delete_original: true },
    ]);
  });

  it('takes at most 5 posts, then answers used_url', async () => {
    const url = fake.createResponseUrl();
    for (let i = 0; i < 5; i++) expect((await post(url, { text: `p${i}` })).status).toBe(200);
    const sixth = await post(url, { text: 'p5' });
    expect([sixth.status, await sixth.json()]).toEqual([404, { ok: false, error: 'used_url' }]);
    expect(fake.responsePosts(url)).toHaveLength(5);
  });

  it('expires after 30 minutes', async () => {
    const url = fake.createResponseUrl();
    fake.advanceTime(30 * 60 * 1000 + 1);
    const late = await post(url, { text: 'late' });
    expect([late.status, await late.json()]).toEqual([404, { ok: false, error: 'expired_url' }]);
  });

  it('refuses blocks over the message limits with invalid_blocks and the reasons, and a post with no content', async () => {
    const url = fake.createResponseUrl();
    const blocks = [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }];
    const refused = await post(url, { text: 'x', blocks });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      ok: false,
      error: 'invalid_blocks',
      response_metadata: { messages: [expect.stringContaining('at most 150 characters')] },
    });
    const empty = await post(url, {});
    expect([empty.status, await empty.json()]).toEqual([400, { ok: false, error: 'no_text' }]);
    expect(fake.responsePosts(url)).toEqual([]);
  });

  it('refuses a URL it never issued and a body that is not JSON', async () => {
    expect((await post(`${fake.baseUrl}/response/R_NONE`, { text: 'x' })).status).toBe(404);
    const garbled = await fetch(fake.createResponseUrl(), { method: 'POST', body: 'text=hi' });
    expect([garbled.status, await garbled.json()]).toEqual([400, { ok: false, error: 'invalid_payload' }]);
  });

  it('lets a test wait for a post that matches', async () => {
    const url = fake.createResponseUrl();
    const waited = fake.waitForResponsePost(url, (body) => body.replace_original === true);
    await post(url, { text: 'ack' });
    await post(url, { text: 'done', replace_original: true });
    expect(await waited).toEqual({ text: 'done', replace_original: true });
    await expect(fake.waitForResponsePost(fake.createResponseUrl(), undefined, 30)).rejects.toThrow(/within 30 ms/);
  });
});
