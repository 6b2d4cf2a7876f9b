import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { validateView } from '../../support/fake-slack/index.js';
import { createGroup, createUser } from '../../support/factories.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';

/**
 * Issue 10, "Bad input and safety": a team lead sees digests and funnels only for the groups they
 * manage. Each insight surface (`/ub adoption`, `/ub digest subscribe|preview`, the stuck lists,
 * "Nudge them", the App Home funnel), for each role: an admin (the organization), a group admin
 * of Sales (Sales only, never Ops), a learner (none), through the Slack driver.
 */
let t: TestApp;
let salesId: string;
let opsId: string;
let homeEvents = 0;
const text = (body: unknown) => JSON.stringify(body);

async function answer(userId: string, line: string): Promise<string> {
  const { responseUrl } = await t.slack.slashCommand({ userId, text: line });
  // A digest preview draws the picture; the first in a process loads the chart libraries (decision 052).
  const post = await t.fake.waitForResponsePost(responseUrl, () => true, 20_000);
  return `${String(post.text)}\n${asText(post.blocks)}`;
}

async function click(userId: string, actionId: string, value: Record<string, unknown>): Promise<string> {
  const { responseUrl } = await t.slack.blockAction({ userId, actionId, value: JSON.stringify(value) });
  // A digest preview draws the picture; the first in a process loads the chart libraries (decision 052).
  const post = await t.fake.waitForResponsePost(responseUrl, () => true, 20_000);
  return `${String(post.text)}\n${asText(post.blocks)}`;
}

async function home(userId: string): Promise<{ blocks: unknown[]; all: string }> {
  const before = t.fake.callsTo('views.publish').length;
  homeEvents += 1;
  await t.slack.event({
    event: { type: 'app_home_opened', user: userId, channel: `D${userId}`, tab: 'home', event_ts: '1.0' },
    eventId: `Ev-role-home-${homeEvents}`,
  });
  const publish = await t.fake.waitForCall(
    'views.publish',
    (c) => c.args.user_id === userId && t.fake.callsTo('views.publish').indexOf(c) >= before,
  );
  const view = asJson(publish.args.view) as { blocks: unknown[] };
  expect(validateView(view)).toEqual([]);
  return { blocks: view.blocks, all: asText(view.blocks) };
}

beforeAll(async () => {
  t = await startTestApp();
  await t.store.organizations.updateOne(
    { _id: t.orgId },
    { $set: { seats: 100, seatsFree: 60, funnel: { joined: 40, enrolled: 0, started: 0 } } },
  );
  const sales = await createGroup(t.store, { name: 'Sales' });
  const ops = await createGroup(t.store, { name: 'Ops' });
  salesId = sales._id;
  opsId = ops._id;
  // Distinct counters per group, so a funnel tells whose figures it shows.
  await t.store.groups.updateOne({ _id: salesId }, { $set: { funnel: { joined: 7, enrolled: 0, started: 0 } } });
  await t.store.groups.updateOne({ _id: opsId }, { $set: { funnel: { joined: 33, enrolled: 0, started: 0 } } });
  for (const [id, email] of [
    ['U_ADMIN', 'admin@example.com'],
    ['U_LEAD', 'lead@example.com'],
    ['U_PAT', 'pat@example.com'],
  ] as const)
    t.fake.addUser({ id, email });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  await createUser(t.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    slackUserId: 'U_LEAD',
    managedGroups: [{ groupId: salesId, permissions: [] }],
  });
  await createUser(t.store, { email: 'pat@example.com', slackUserId: 'U_PAT', groupIds: [salesId] });
  await createUser(t.store, { email: 'seller@example.com', groupIds: [salesId] });
  await createUser(t.store, { email: 'operator@example.com', groupIds: [opsId] });
});
afterAll(async () => {
  await t.stop();
});

describe('/ub adoption by role', () => {
  it('shows an admin the organization, a team lead Sales alone, and a learner nothing', async () => {
    expect(await answer('U_ADMIN', 'adoption')).toMatch(/Joined\s+[█░]+\s+40\b/);
    const lead = await answer('U_LEAD', 'adoption');
    expect(lead).toContain('Adoption funnel: Sales');
    expect(lead).toMatch(/Joined\s+[█░]+\s+7\b/);
    expect(await answer('U_LEAD', 'adoption Ops')).toContain('You do not manage the group “Ops”');
    expect(await answer('U_PAT', 'adoption')).toContain('Only ub admins');
  });
});

describe('the stuck lists by role', () => {
  it('list Sales for its team lead, refuse them Ops and the organization, and refuse learners', async () => {
    const admin = await click('U_ADMIN', 'adoption.stuck:enrolled', { s: 'enrolled' });
    expect(admin).toContain('operator@example.com');
    expect(admin).toContain('seller@example.com');
    const lead = await click('U_LEAD', 'adoption.stuck:enrolled', { s: 'enrolled', g: salesId });
    expect(lead).toContain('seller@example.com');
    expect(lead).not.toContain('operator@example.com');
    // A button value edited to name another group, or none (the organization), is refused.
    expect(await click('U_LEAD', 'adoption.stuck:enrolled', { s: 'enrolled', g: opsId })).toContain(
      'You do not manage the group “Ops”',
    );
    expect(await click('U_LEAD', 'adoption.stuck:enrolled', { s: 'enrolled' })).toContain(
      'You can only do that for people in groups you manage',
    );
    expect(await click('U_PAT', 'adoption.stuck:enrolled', { s: 'enrolled', g: salesId })).toContain('Only ub admins');
  });

  it('let nobody but admins and the group’s lead nudge its people', async () => {
    expect(await click('U_LEAD', 'insights.nudge:0', { s: 'enrolled', g: [opsId] })).toContain('groups you manage');
    expect(await click('U_PAT', 'insights.nudge:0', { s: 'enrolled', g: [salesId] })).toContain(
      'Only ub admins can do that',
    );
    const question = await click('U_LEAD', 'insights.nudge:0', { s: 'enrolled', g: [salesId] });
    expect(question).toContain('Send a nudge DM to 2 people who joined but have not picked a course in *Sales*?');
    expect(await t.store.bulkRuns.countDocuments({ kind: 'nudge', status: { $ne: 'draft' } })).toBe(0);
  });
});

describe('/ub digest by role', () => {
  it('previews an admin the organization, a team lead Sales alone, and refuses learners and others’ groups', async () => {
    const admin = await answer('U_ADMIN', 'digest preview');
    expect(admin).toContain('Adoption funnel of the organization');
    expect(admin).toContain('Joined: *40*');
    const lead = await answer('U_LEAD', 'digest preview');
    expect(lead).toContain('Adoption funnel of *Sales*');
    expect(lead).toContain('Joined: *7*');
    expect(lead).not.toContain('operator@example.com');
    expect(await answer('U_LEAD', 'digest preview Ops')).toContain('You do not manage the group “Ops”');
    expect(await answer('U_PAT', 'digest preview')).toContain('Weekly digests are for admins and group admins');
  });

  it('subscribes a team lead to Sales alone, refuses them Ops, and refuses learners', async () => {
    expect(await answer('U_LEAD', 'digest subscribe')).toContain('weekly digest');
    const sub = await t.store.digestSubscriptions.findOne({ destination: 'U_LEAD' }).lean().exec();
    expect(sub?.groupIds).toEqual([salesId]);
    expect(await answer('U_LEAD', 'digest subscribe Ops')).toContain('You do not manage the group “Ops”');
    expect(await answer('U_PAT', 'digest subscribe')).toContain('Weekly digests are for admins and group admins');
    expect(await answer('U_ADMIN', 'digest subscribe Ops --channel <#C_OPS|ops>')).toContain('weekly digest');
  });
});

describe('the App Home funnel by role', () => {
  it('shows an admin the organization’s funnel, a team lead their groups’ alone, and a learner none', async () => {
    const admin = await home('U_ADMIN');
    expect(admin.all).toContain('*Adoption funnel*');
    expect(admin.all).toMatch(/Joined\s+[█░]+\s+40\b/);
    const lead = await home('U_LEAD');
    expect(lead.all).toContain('*Adoption funnel* of your groups');
    expect(lead.all).toMatch(/Joined\s+[█░]+\s+7\b/);
    // Its stuck buttons name Sales, and their click lists Sales' people only (by DM: Home has no response_url).
    const stuck = findButton(lead.blocks, 'adoption.stuck:enrolled')!;
    expect(JSON.parse(stuck.value)).toMatchObject({ g: salesId });
    await t.slack.blockAction({
      userId: 'U_LEAD',
      actionId: stuck.action_id,
      value: stuck.value,
      view: { id: 'VHOME', type: 'home' },
    });
    const dm = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_LEAD' && text(c.args.blocks).includes('seller@example.com'),
    );
    expect(text(dm.args.blocks)).not.toContain('operator@example.com');
    const learner = await home('U_PAT');
    expect(learner.all).not.toContain('Adoption funnel');
    expect(findButton(learner.blocks, 'adoption.stuck')).toBeUndefined();
  });
});
