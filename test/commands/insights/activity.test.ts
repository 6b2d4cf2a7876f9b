import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { recordActivity } from '../../../src/services/insights/record-activity.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildContext, createGroup, createUser } from '../../support/factories.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { asText, findButton } from '../../support/posted-blocks.js';

let t: TestApp;
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_LEAD', email: 'lead@example.com' });
  const sales = await createGroup(t.store, { name: 'Sales' });
  const ops = await createGroup(t.store, { name: 'Ops' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await createUser(t.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: sales._id, permissions: [] }],
  });
  const people = Array.from({ length: 25 }, (_, i) => `p${String(i).padStart(2, '0')}@example.com`);
  for (const [i, email] of people.entries())
    await createUser(t.store, { email, groupIds: [i < 15 ? sales._id : ops._id] });
  // The members' counters, as the services would have moved them (the factory writes around them).
  await t.store.organizations.updateOne({ _id: t.orgId }, { $set: { 'funnel.joined': 27 } }).exec();
  await t.store.groups.updateOne({ _id: sales._id }, { $set: { 'funnel.joined': 15 } }).exec();
  await t.store.groups.updateOne({ _id: ops._id }, { $set: { 'funnel.joined': 10 } }).exec();
  const recent = new Date(Date.now() - 2 * DAY).toISOString();
  const old = new Date(Date.now() - 60 * DAY).toISOString();
  await recordActivity(buildContext(t.store, { source: 'activity', now: () => new Date() }), [
    ...people
      .slice(0, 6)
      .map((email) => ({ type: 'enrolled', email, courseId: 'ts', courseTitle: 'TypeScript <!here>', at: recent })),
    ...people
      .slice(15, 18)
      .map((email) => ({ type: 'enrolled', email, courseId: 'go', courseTitle: 'Go', at: recent })),
    { type: 'course_completed', email: people[0]!, courseId: 'ts', at: recent },
    { type: 'enrolled', email: people[10]!, courseId: 'py', courseTitle: 'Python', at: old },
  ]);
});
afterAll(async () => {
  await t.stop();
});

describe('/ub activity', () => {
  it('counts the active people against the licensed, with top courses and the groups compared', async () => {
    const reply = await t.slack.answer('U_ADMIN', 'activity --days 30');
    expect(validateBlocks(reply.blocks as never, 'message')).toEqual([]);
    const text = asText(reply.blocks as never);
    expect(text).toContain('*9* of 27 licensed people were active (33%) in the organization, last 30 days.');
    expect(text).toContain('*TypeScript &lt;!here&gt;* — 6 active · 6 enrolled · 1 completed');
    expect(text).toContain('*Go* — 3 active · 3 enrolled · 0 completed');
    expect(text).not.toContain('Python');
    expect(text).toContain('Sales: 6 of 15 (40%)');
    expect(text).toContain('Ops: 3 of 10 (30%)');
    const longer = asText((await t.slack.answer('U_ADMIN', 'activity --days 90')).blocks as never);
    expect(longer).toContain('*10* of 27');
  });

  it('keeps a group admin to the groups they manage', async () => {
    const mine = asText((await t.slack.answer('U_LEAD', 'activity')).blocks as never);
    expect(mine).toContain('*6* of 15 licensed people were active');
    expect(mine).not.toContain('Ops');
    expect(String((await t.slack.answer('U_LEAD', 'activity --group Ops')).text)).toContain('You do not manage');
  });
});

describe('/ub courses', () => {
  it('lists the courses with active, enrolled and completed counts, per group too', async () => {
    const all = asText((await t.slack.answer('U_ADMIN', 'courses')).blocks as never);
    expect(all).toContain('*TypeScript &lt;!here&gt;* — 6 active');
    const ops = asText((await t.slack.answer('U_ADMIN', 'courses --group Ops --days 7')).blocks as never);
    expect(ops).toContain('*Go* — 3 active');
    expect(ops).not.toContain('TypeScript');
  });

  it('shows who is taking a course, a page at a time', async () => {
    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'courses show ts' });
    const first = await t.fake.waitForResponsePost(responseUrl);
    expect(validateBlocks(first.blocks, 'message')).toEqual([]);
    const text = asText(first.blocks);
    expect(text).toContain('p00@example.com — completed');
    expect(text.match(/• p0\d@example\.com/g)).toHaveLength(6);
    expect(findButton(first.blocks, 'courses.learners:next')).toBeUndefined();
    const byTitle = asText((await t.slack.answer('U_ADMIN', 'courses show Go')).blocks as never);
    expect(byTitle.match(/• p1\d@example\.com/g)).toHaveLength(3);
  });
});
