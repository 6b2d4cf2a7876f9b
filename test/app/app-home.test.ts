import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { validateView } from '../support/fake-slack/index.js';

let t: TestApp;

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
beforeAll(async () => {
  t = await startTestApp({ env: { UB_BOOTSTRAP_ADMINS: 'UBOOT0001' } });
  t.fake.addUser({ id: 'UBOOT0001', email: 'Boot.Admin@Example.com', realName: 'Boot Admin' });
  t.fake.addUser({ id: 'UPLAIN001', email: 'plain@example.com', realName: 'Plain Person' });
});
afterAll(async () => {
  await t.stop();
});

const homeOpened = (user: string, eventId: string, retryNum?: number) =>
  t.slack.event({
    event: { type: 'app_home_opened', user, channel: `D${user}`, tab: 'home', event_ts: '1.0' },
    eventId,
    ...(retryNum !== undefined ? { retryNum, retryReason: 'http_timeout' } : {}),
  });

describe('organization and identity', () => {
  it('creates the workspace organization at start-up with its bootstrap admins', async () => {
    const org = await t.store.organizations.findById('T_TEST').lean();
    expect(org).toMatchObject({ _id: 'T_TEST', bootstrapAdmins: ['UBOOT0001'] });
  });

  it('makes a bootstrap admin an org admin, linked by the email on their Slack profile, on first contact', async () => {
    const ack = await homeOpened('UBOOT0001', 'Ev-boot-1');
    expect(ack.status).toBe(200);
    const publish = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'UBOOT0001');
    expect(publish.ok).toBe(true);
    expect(JSON.stringify(publish.args.view)).toContain('You are an admin');
    expect(validateView(publish.args.view)).toEqual([]);
    const user = await t.store.users.findById('T_TEST:boot.admin@example.com').lean();
    expect(user).toMatchObject({
      role: 'admin',
      status: 'active',
      slackUserId: 'UBOOT0001',
      firstName: 'Boot',
      surname: 'Admin',
    });
    const audit = await t.store.auditEntries.find({ orgId: 'T_TEST', action: 'user.bootstrap_admin' }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ source: 'bootstrap', targetId: 'T_TEST:boot.admin@example.com' });
  });

  it('treats a Slack user with no org user as a plain user', async () => {
    await homeOpened('UPLAIN001', 'Ev-plain-1');
    const publish = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'UPLAIN001');
    expect(JSON.stringify(publish.args.view)).toContain('You have no learning account in ub yet');
    expect(await t.store.users.findById('T_TEST:plain@example.com').lean()).toBeNull();
  });

  it('treats a Slack user that Slack will not describe as a plain user, without failing', async () => {
    await homeOpened('UGHOST001', 'Ev-ghost-1');
    const publish = await t.fake.waitForCall('views.publish', (c) => c.args.user_id === 'UGHOST001');
    expect(JSON.stringify(publish.args.view)).toContain('ub cannot see an email on your Slack profile');
  });

  it('acts once on an event that Slack delivers again (retry with the same event_id)', async () => {
    const publishes = () => t.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'UPLAIN001').length;
    const before = publishes();
    await homeOpened('UPLAIN001', 'Ev-retry-1');
    await waitUntil(() => publishes() === before + 1);
    const retry = await homeOpened('UPLAIN001', 'Ev-retry-1', 1);
    expect(retry.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(publishes()).toBe(before + 1);
  });

  it('caches the Slack profile so a second request does not call users.info again', async () => {
    const before = t.fake.callsTo('users.info').filter((c) => c.args.user === 'UBOOT0001').length;
    await homeOpened('UBOOT0001', 'Ev-boot-2');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.fake.callsTo('users.info').filter((c) => c.args.user === 'UBOOT0001').length).toBe(before);
  });
});
