import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inviteUsers } from '../../../src/services/invitations/invite-users.js';
import { recordActivity } from '../../../src/services/insights/record-activity.js';
import { snapshotFunnels } from '../../../src/services/insights/funnel-snapshots.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildContext, createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';
import { waitForBulkRuns } from '../../support/bulk-runs.js';

let t: TestApp;
let salesId: string;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_LEAD', email: 'lead@example.com' });
  t.fake.addUser({ id: 'U_PAT', email: 'pat@example.com' });
  await t.store.organizations.updateOne({ _id: t.orgId }, { $set: { seats: 100, seatsFree: 100 } });
  const sales = await createGroup(t.store, { name: 'Sales Team' });
  await createGroup(t.store, { name: 'Ops' });
  salesId = sales._id;
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: sales._id, permissions: [] }],
  });
  await createUser(t.store, { email: 'pat@example.com' });
  // The funnel as it stood when the week began (the snapshot the job took at start, before the
  // licenses were set, is replaced), then this week's movement.
  for (let i = 0; i < 100 && (await t.store.funnelSnapshots.countDocuments().exec()) === 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await t.store.funnelSnapshots.deleteMany({}).exec();
  await snapshotFunnels(t.store, t.orgId, new Date());
  const people = Array.from({ length: 25 }, (_, i) => `s${String(i).padStart(2, '0')}@example.com`);
  await inviteUsers(buildContext(t.store), { emails: people, groupNames: ['Sales Team'] });
  const at = new Date(Date.now() - 60_000).toISOString();
  await recordActivity(buildContext(t.store, { source: 'activity', now: () => new Date() }), [
    ...people.slice(0, 20).map((email) => ({ type: 'login', email, at })),
    ...people.slice(0, 8).map((email) => ({ type: 'enrolled', email, courseId: 'c1', at })),
    ...people.slice(0, 3).map((email) => ({ type: 'lecture_progress', email, courseId: 'c1', lectureId: 'l1', at })),
  ]);
});
afterAll(async () => {
  await t.stop();
});

describe('/ub adoption', () => {
  it('draws the organization’s funnel with shares, drop-offs, the week’s change and who-is-stuck buttons', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'adoption' });
    const reply = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(reply.blocks, 'message')).toEqual([]);
    const text = asText(reply.blocks);
    // Licenses 100; invited 25; joined 20 (the factory's members were written around the counters); enrolled 8; first lecture 3.
    expect(text).toMatch(/Licenses\s+█+░*\s+100/);
    expect(text).toMatch(/Invited\s+[█░]+\s+25\s+25%\s+−75/);
    expect(text).toMatch(/Joined\s+[█░]+\s+20\s+80%\s+−5\s+\(\+20 this week\)/);
    expect(text).toMatch(/First lecture\s+[█░]+\s+3\s+38%\s+−5\s+\(\+3 this week\)/);
    expect(text).toContain('*Adoption rate:* 3.0% (3 of 100 licenses watched a first lecture), +3.0 points this week');
    expect(findButton(reply.blocks, 'adoption.stuck:joined')).toBeDefined();
  });

  it('lists who is stuck at a step, a page at a time', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'adoption "Sales Team"' });
    const reply = await t.fake.waitForResponsePost(responseUrl);
    const stuck = findButton(reply.blocks, 'adoption.stuck:enrolled')!;
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: stuck.action_id, value: stuck.value });
    const page = await t.fake.waitForResponsePost(click.responseUrl);
    expect(validateBlocks(page.blocks, 'message')).toEqual([]);
    expect(page.replace_original).not.toBe(true);
    const text = asText(page.blocks);
    expect(text).toContain('*Joined, not enrolled* in Sales Team — page 1');
    expect(text.match(/• s\d\d@example\.com/g)).toEqual(
      Array.from({ length: 12 }, (_, i) => `• s${String(i + 8).padStart(2, '0')}@example.com`),
    );
    expect(findButton(page.blocks, 'adoption.stuck:enrolled:next')).toBeUndefined();
  });

  it('offers Nudge them for each step where someone is stuck, and a click asks, then nudges the group’s stuck people once', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'adoption "Sales Team"' });
    const reply = await t.fake.waitForResponsePost(responseUrl);
    const nudge = findButton(reply.blocks, 'insights.nudge:1')!;
    expect(asText(reply.blocks)).toContain('Nudge them (no course)');
    expect(JSON.parse(nudge.value)).toEqual({ s: 'enrolled', g: [salesId] });
    const click = await t.slack.blockAction({ userId: 'U_ADMIN', actionId: nudge.action_id, value: nudge.value });
    // It asks first, naming how many get a DM and for which step; the Confirm starts the run.
    const question = await t.fake.waitForResponsePost(click.responseUrl);
    expect(question.text).toBe('Send a nudge DM to 12 people who joined but have not picked a course in *Sales Team*?');
    const confirm = findButton(question.blocks, 'insights.nudge.confirm')!;
    await t.slack.blockAction({ userId: 'U_ADMIN', actionId: confirm.action_id, value: confirm.value });
    // The run starts after the ack; its progress DM names the 12 people stuck before a first course.
    await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_ADMIN' && String(c.args.text).includes('Nudging 12 people to pick a first course'),
    );
    await waitForBulkRuns(t.store);
    const runs = await t.store.bulkRuns.find({ kind: 'nudge' }).lean().exec();
    // Joined and not enrolled in Sales Team: s08 to s19.
    expect(runs.map((r) => r.total)).toEqual([12]);
    expect(runs[0]!.status).toBe('finished');
  });

  it('shows a group admin the groups they manage and refuses the others; learners get no funnel', async () => {
    const mine = await t.slack.answer('U_LEAD', 'adoption');
    expect(asText(mine.blocks)).toContain('Adoption funnel: Sales Team');
    expect(JSON.stringify(findButton(mine.blocks as never, 'adoption.stuck:started')?.value)).toContain(salesId);
    const other = await t.slack.answer('U_LEAD', 'adoption Ops');
    expect(String(other.text)).toContain('You do not manage the group “Ops”');
    const learner = await t.slack.answer('U_PAT', 'adoption');
    expect(String(learner.text)).toContain('Only ub admins');
  });

  it('verify recounts, repairs drift and says so in a DM', async () => {
    await t.store.organizations.updateOne({ _id: t.orgId }, { $inc: { 'funnel.started': 5 } }).exec();
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'adoption verify' });
    expect((await t.fake.waitForResponsePost(responseUrl)).text).toContain('Recounting the adoption funnels');
    const dm = await t.fake.waitForCall(
      'chat.postMessage',
      (c) => c.args.channel === 'U_ADMIN' && JSON.stringify(c.args.blocks).includes('too high'),
      15_000,
    );
    expect(String(JSON.stringify(dm.args.blocks))).toContain('watched a first lecture was 5 too high');
    const org = await t.store.organizations.findById(t.orgId).lean().exec();
    expect(org?.funnel?.started).toBe(3);
  });
});
