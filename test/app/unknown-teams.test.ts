import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAUTH_ENV, SIGNING_SECRET, startTestApp, type TestApp } from '../support/app-harness.js';
import { createUser } from '../support/factories.js';
import { GOOD_OAUTH_CODE, INSTALLED_BOT_TOKEN } from '../support/fake-slack/index.js';
import { SlackDriver } from '../support/slack-driver.js';

/**
 * A request signed with the right secret but from a workspace this ub does not serve (another
 * team in single-workspace mode, a team without an installation in OAuth mode) is refused with a
 * clear ephemeral message, and writes nothing at all: commands, buttons, forms and events alike.
 */
const NOT_SERVED = 'ub is not set up for this Slack workspace, so nothing was done.';
const OTHER_TEAM = 'T_OTHER';

/** Documents per collection (Agenda's own excepted: it polls on its own). */
async function snapshot(t: TestApp): Promise<Record<string, number>> {
  const db = t.store.connection.db!;
  const names = (await db.listCollections().toArray()).map((c) => c.name).filter((name) => name !== 'jobs');
  const counts = await Promise.all(names.map((name) => db.collection(name).countDocuments({})));
  return Object.fromEntries(names.map((name, i) => [name, counts[i]!]).sort());
}

function otherTeamDriver(t: TestApp, via: 'http' | 'socket-mode'): SlackDriver {
  return via === 'socket-mode'
    ? new SlackDriver({ via: 'socket-mode', fakeSlack: t.fake, teamId: OTHER_TEAM })
    : new SlackDriver({
        appUrl: `${t.url}/slack/events`,
        signingSecret: SIGNING_SECRET,
        fakeSlack: t.fake,
        teamId: OTHER_TEAM,
      });
}

describe.each(['http', 'socket-mode'] as const)('single workspace, over %s', (via) => {
  let t: TestApp;
  let other: SlackDriver;
  beforeAll(async () => {
    t = await startTestApp({ via });
    other = otherTeamDriver(t, via);
    t.fake.addUser({ id: 'U_STRANGER', teamId: OTHER_TEAM, email: 'admin@example.com' });
    await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses a slash command from another team in the ack, with no Slack call and no write', async () => {
    const before = await snapshot(t);
    t.fake.reset();
    const { ack } = await other.slashCommand({ userId: 'U_STRANGER', text: 'license seats 11' });
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.body)).toContain(NOT_SERVED);
    expect(t.fake.calls).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
    expect(await t.store.slackProfiles.countDocuments({})).toBe(0);
  });

  it('refuses a button click from another team on its response_url, and writes nothing', async () => {
    const before = await snapshot(t);
    const { ack, responseUrl } = await other.blockAction({
      userId: 'U_STRANGER',
      actionId: 'invitations.resend:0',
      value: JSON.stringify({ p: 1, e: 'someone@example.com' }),
    });
    expect(ack.status).toBe(200);
    const post = await t.fake.waitForResponsePost(responseUrl);
    expect(post).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(post.text)).toContain(NOT_SERVED);
    expect(await snapshot(t)).toEqual(before);
  });

  it('answers a form submitted from another team by replacing it with the refusal, and writes nothing', async () => {
    const before = await snapshot(t);
    const { ack } = await other.viewSubmission({
      userId: 'U_STRANGER',
      callbackId: 'license.seats.submit',
      values: {
        seats: { seats: { type: 'number_input', value: '11' } },
        pro: { pro: { type: 'number_input', value: '0' } },
      },
    });
    expect(ack.body).toMatchObject({ response_action: 'update', view: { type: 'modal' } });
    expect(JSON.stringify(ack.body)).toContain(NOT_SERVED);
    expect(await snapshot(t)).toEqual(before);
  });

  it('drops an event from another team without publishing or remembering anything', async () => {
    const before = await snapshot(t);
    t.fake.reset();
    const ack = await other.event({
      event: { type: 'app_home_opened', user: 'U_STRANGER', channel: 'D1', tab: 'home' },
      eventId: `Ev-other-${via}`,
    });
    expect(ack.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(t.fake.calls).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
  });

  it('still serves its own team', async () => {
    t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'license' });
    expect(String((await t.fake.waitForResponsePost(responseUrl)).text)).toMatch(/^Licenses:/);
  });
});

describe('OAuth installs', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: OAUTH_ENV,
    });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('refuses a command from a team without an installation with the same message, and writes nothing', async () => {
    const before = await snapshot(t);
    const { ack } = await t.slack.slashCommand({ userId: 'U_ANY', text: 'license seats 11' });
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.body)).toContain(NOT_SERVED);
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a button click from a team without an installation on its response_url', async () => {
    const { responseUrl } = await t.slack.blockAction({ userId: 'U_ANY', actionId: 'audit.page:older', value: '{}' });
    expect(String((await t.fake.waitForResponsePost(responseUrl)).text)).toContain(NOT_SERVED);
  });

  it('serves the workspace once it is installed over HTTP (the install pages on Bolt’s receiver built by ub)', async () => {
    const install = await fetch(`${t.url}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const state = new URL(install.headers.get('location') ?? '').searchParams.get('state') ?? '';
    const cookie = (install.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const callback = await fetch(
      `${t.url}/slack/oauth_redirect?code=${GOOD_OAUTH_CODE}&state=${encodeURIComponent(state)}`,
      { headers: { cookie } },
    );
    expect(callback.status).toBe(200);
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_INSTALLER', text: 'help' });
    expect((await t.fake.waitForResponsePost(responseUrl)).text).toBe('What you can do in ub');
    expect(t.fake.calls.some((c) => c.token === INSTALLED_BOT_TOKEN)).toBe(true);
  });
});
