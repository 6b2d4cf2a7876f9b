import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildRouter } from '../../src/commands/index.js';
import { usageLine } from '../../src/slack/kit/subcommand.js';
import { escapeMrkdwn } from '../../src/views/mrkdwn.js';
import { validateBlocks } from '../support/fake-slack/index.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t.stop();
});

const textOf = (body: unknown) => JSON.stringify(body);

describe('/ub through signed HTTP requests', () => {
  it('answers /ub help with the commands the person may run, generated from the definitions, within the ack window', async () => {
    const started = Date.now();
    const { ack, responseUrl } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'help' });
    expect(ack.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.response_type).toBe('ephemeral');
    expect(post.text).toBe('What you can do in ub');
    const blocks = post.blocks as unknown[];
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const listed = textOf(blocks);
    const everyone = buildRouter()
      .list()
      .filter((s) => s.permission === undefined);
    for (const subcommand of everyone)
      expect(listed).toContain(JSON.stringify(escapeMrkdwn(usageLine(subcommand))).slice(1, -1));
    expect(listed).not.toContain('/ub license seats');
  });

  it('treats a bare /ub as /ub help', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ANY', text: '' });
    expect((await t.fake.waitForResponsePost(responseUrl)).text).toBe('What you can do in ub');
  });

  it('explains one command with /ub help <command>, saying who sees the reply', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'help help' });
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post.text).toContain('/ub help [command]');
    expect(textOf(post.blocks)).toContain('only you');
  });

  it('suggests the closest command for a typo, in the ack itself', async () => {
    const { ack } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'hepl' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect(textOf(ack.body)).toContain('Did you mean `/ub help`?');
  });

  it('says what is wrong with the arguments and shows the usage line', async () => {
    const { ack } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'help a b c' });
    expect(textOf(ack.body)).toContain('names one command');
    expect(textOf(ack.body)).toContain('Usage: `/ub help [command]`');
  });

  it('reports an unclosed quote instead of guessing', async () => {
    const { ack } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'help "group add' });
    expect(textOf(ack.body)).toContain('a quote is not closed');
  });

  it('answers /ub help for an unknown command with a suggestion', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'help hepl' });
    expect(textOf(await t.fake.waitForResponsePost(responseUrl))).toContain('Did you mean `/ub help`?');
  });
});

describe('requests that are not from Slack', () => {
  const body =
    'command=%2Fub&text=help&team_id=T_TEST&user_id=U1&channel_id=C1&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fx&trigger_id=1';

  it('refuses a wrong signature with 401 and does nothing', async () => {
    const ack = await t.slack.raw({ body, contentType: 'application/x-www-form-urlencoded', signature: 'wrong' });
    expect(ack.status).toBe(401);
  });

  it('refuses a stale timestamp (replay) with 401', async () => {
    const ack = await t.slack.raw({ body, contentType: 'application/x-www-form-urlencoded', signature: 'stale' });
    expect(ack.status).toBe(401);
  });

  it('answers 400 to a signed body that is not what Slack sends', async () => {
    const ack = await t.slack.raw({
      body: 'payload=%7Bnot-json',
      contentType: 'application/x-www-form-urlencoded',
      signature: 'valid',
    });
    expect(ack.status).toBe(400);
  });
});

describe('GET /healthz', () => {
  it('is 200 with the database state while the database answers', async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', database: { state: 'up', driver: 'connected' } });
  });
});
