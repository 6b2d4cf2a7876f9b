import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../../support/app-harness.js';
import { createGroup, createUser } from '../../../support/factories.js';
import { validateBlocks } from '../../../support/fake-slack/index.js';
import type { GroupDoc } from '../../../../src/services/models/group.js';

let t: TestApp;
let eng: GroupDoc;
let sales: GroupDoc;
const text = (body: unknown) => JSON.stringify(body);

async function command(userId: string, line: string): Promise<Record<string, unknown>> {
  const { ack, responseUrl } = await t.slack.slashCommand({ userId, text: line });
  const acked = text(ack.body ?? '');
  if (acked.includes('must') || acked.includes('is not')) return ack.body as Record<string, unknown>;
  return t.fake.waitForResponsePost(responseUrl);
}

beforeAll(async () => {
  t = await startTestApp();
  eng = await createGroup(t.store, { name: 'Eng' });
  sales = await createGroup(t.store, { name: 'Sales' });
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com', tz: 'America/New_York' });
  t.fake.addUser({ id: 'U_LEAD', email: 'lead@example.com', tz: 'Europe/Berlin' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: eng._id, permissions: [] }],
  });
  await createUser(t.store, { email: 'plain@example.com', role: 'user' });
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.digestSubscriptions.deleteMany({});
  await t.store.auditEntries.deleteMany({});
});

describe('/ub digest subscribe', () => {
  it('subscribes a team lead to the groups they manage, in their Slack time zone, audited', async () => {
    const post = await command('U_LEAD', 'digest subscribe --day tue --time 8:30');
    expect(text(post)).toContain('Tuesdays at 08:30 (Europe/Berlin)');
    expect(validateBlocks(post.blocks, 'message')).toEqual([]);
    const [sub] = await t.store.digestSubscriptions.find({}).lean();
    expect(sub).toMatchObject({ destination: 'U_LEAD', groupIds: [eng._id], day: 'tue', time: '08:30' });
    // 08:30 in Berlin is 07:30 UTC in winter.
    expect(sub!.nextRunAt.getUTCHours()).toBe(7);
    expect(await t.store.auditEntries.findOne({ action: 'digest.subscribed' }).lean()).toMatchObject({
      targetId: sub!._id,
      after: { groupIds: [eng._id], timeZone: 'Europe/Berlin' },
    });
  });

  it('refuses a team lead a group they do not manage, and plain users altogether', async () => {
    expect(text(await command('U_LEAD', 'digest subscribe Sales'))).toContain('You do not manage the group “Sales”');
    expect(text(await command('U_PLAIN', 'digest subscribe'))).toContain(
      'Weekly digests are for admins and group admins',
    );
    expect(await t.store.digestSubscriptions.countDocuments({})).toBe(0);
  });

  it('lets only admins subscribe someone else', async () => {
    expect(text(await command('U_LEAD', 'digest subscribe --for <@U_PLAIN|plain>'))).toContain(
      'Only admins can subscribe someone else',
    );
    const post = await command('U_ADMIN', 'digest subscribe Sales Eng --for <@U_LEAD|lead>');
    expect(text(post)).toContain('(Europe/Berlin)');
    const [sub] = await t.store.digestSubscriptions.find({}).lean();
    expect(sub).toMatchObject({
      destination: 'U_LEAD',
      owner: { slackUserId: 'U_LEAD' },
      createdBy: { slackUserId: 'U_ADMIN' },
    });
    expect([...sub!.groupIds].sort()).toEqual([eng._id, sales._id].sort());
  });

  it('subscribes a channel to the whole organization for an admin, and changes the same subscription when asked again', async () => {
    await command('U_ADMIN', 'digest subscribe --channel <#C_LEADS|leads>');
    const again = await command('U_ADMIN', 'digest subscribe --channel <#C_LEADS|leads> --day fri --time 16:00');
    expect(text(again)).toContain('Fridays at 16:00 (America/New_York)');
    const subs = await t.store.digestSubscriptions.find({}).lean();
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ destinationKind: 'channel', destination: 'C_LEADS', groupIds: [], day: 'fri' });
  });

  it('explains bad input before doing anything', async () => {
    expect(text(await command('U_LEAD', 'digest subscribe --time 25:00'))).toContain('must be a 24-hour time');
    expect(text(await command('U_LEAD', 'digest subscribe --day someday'))).toContain('must be one of: mon');
    expect(text(await command('U_LEAD', 'digest subscribe --channel #general'))).toContain(
      "pick it from Slack's # autocomplete",
    );
    expect(text(await command('U_LEAD', 'digest subscribe Nowhere'))).toContain('There is no group named');
  });
});

describe('/ub digest list and unsubscribe', () => {
  it('lists a lead’s own subscriptions and ends one with its button, audited', async () => {
    await command('U_LEAD', 'digest subscribe');
    await command('U_ADMIN', 'digest subscribe --channel <#C_LEADS|leads>');
    const list = await command('U_LEAD', 'digest list');
    expect(text(list)).toContain('1 subscription');
    expect(text(list)).not.toContain('C_LEADS');
    const button = (list.blocks as Array<{ accessory?: { action_id: string; value: string } }>)[1]!.accessory!;
    const click = await t.slack.blockAction({ userId: 'U_LEAD', actionId: button.action_id, value: button.value });
    const after = await t.fake.waitForResponsePost(click.responseUrl);
    expect(text(after)).toContain('No more weekly digest');
    expect(await t.store.digestSubscriptions.countDocuments({ destination: 'U_LEAD' })).toBe(0);
    expect(await t.store.auditEntries.countDocuments({ action: 'digest.unsubscribed' })).toBe(1);
    expect(text(await command('U_ADMIN', 'digest list'))).toContain('C_LEADS');
  });

  it('unsubscribes a channel by name, and says so when there is nothing to end', async () => {
    await command('U_ADMIN', 'digest subscribe --channel <#C_LEADS|leads>');
    expect(text(await command('U_LEAD', 'digest unsubscribe --channel <#C_LEADS|leads>'))).toContain(
      'There is no digest subscription of yours there',
    );
    expect(text(await command('U_ADMIN', 'digest unsubscribe --channel <#C_LEADS|leads>'))).toContain(
      'No more weekly digest',
    );
    expect(await t.store.digestSubscriptions.countDocuments({})).toBe(0);
  });
});
