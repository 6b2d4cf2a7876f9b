import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OAUTH_ENV, startTestApp, type TestApp } from '../support/app-harness.js';
import { GOOD_OAUTH_CODE, INSTALLED_BOT_TOKEN } from '../support/fake-slack/index.js';

/**
 * Multi-workspace OAuth with Socket Mode: Slack's events come over the WebSocket, and the install
 * pages that people's browsers visit are served on PORT, beside /healthz.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    via: 'socket-mode',
    env: OAUTH_ENV,
  });
});
afterAll(async () => {
  await t.stop();
});

describe('OAuth installs in Socket Mode', () => {
  it('connects, and says which port serves /healthz and the install pages', async () => {
    expect(t.fake.socketMode.connections).toHaveLength(1);
    const port = new URL(t.url).port;
    expect(t.logs.join('\n')).toContain(
      `ub listening on port ${port} (GET /healthz, GET /exports/<id>, GET /slack/install, GET /slack/oauth_redirect); Slack: Socket Mode (connected to Slack over a WebSocket), OAuth installs, many workspaces`,
    );
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('serves /slack/install on PORT, completes the install at /slack/oauth_redirect, then answers that workspace over the socket', async () => {
    const install = await fetch(`${t.url}/slack/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const authorize = new URL(install.headers.get('location') ?? '');
    expect(authorize.pathname).toBe('/oauth/v2/authorize');
    expect(authorize.searchParams.get('client_id')).toBe('client-id');
    expect(authorize.searchParams.get('scope')).toBe(
      'commands,chat:write,users:read,users:read.email,im:write,im:history,files:write,files:read',
    );
    const state = authorize.searchParams.get('state') ?? '';
    const cookie = (install.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const callback = await fetch(
      `${t.url}/slack/oauth_redirect?code=${GOOD_OAUTH_CODE}&state=${encodeURIComponent(state)}`,
      { headers: { cookie } },
    );
    expect(callback.status).toBe(200);
    expect(t.fake.lastCall('oauth.v2.access')).toMatchObject({ ok: true });
    expect(await t.store.organizations.findById('T_TEST').lean()).toMatchObject({ bootstrapAdmins: ['U_INSTALLER'] });

    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_INSTALLER', text: 'help' });
    expect((await t.fake.waitForResponsePost(responseUrl)).text).toBe('What you can do in ub');
    expect(t.fake.calls.filter((c) => c.token === INSTALLED_BOT_TOKEN).length).toBeGreaterThan(0);
  });

  it('welcomes the installer by DM with what to set up first, once', async () => {
    const welcomes = t.fake
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === 'U_INSTALLER' && String(c.args.text).startsWith('Welcome to ub'));
    expect(welcomes).toHaveLength(1);
    expect(welcomes[0]).toMatchObject({ ok: true, token: INSTALLED_BOT_TOKEN });
    expect(JSON.stringify(welcomes[0]!.args.blocks)).toContain('You installed ub');
  });
});
