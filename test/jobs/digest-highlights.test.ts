import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { AppDeps } from '../../src/deps.js';
import { postDueDigests } from '../../src/jobs/post-digests.js';
import { recordActivity } from '../../src/services/insights/record-activity.js';
import type { GroupDoc } from '../../src/services/models/group.js';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { validateBlocks } from '../support/fake-slack/index.js';
import { buildContext, createGroup, createOrganization, createUser } from '../support/factories.js';
import { asText } from '../support/posted-blocks.js';

/**
 * The weekly digest's top courses and who joined (issue 10, "Weekly digests"): the courses of the
 * digest's groups with their enrolled, active and completed counts, and the week's joiners by name,
 * escaped, the first few then how many more; counted once per organization and read by `_id`.
 */
let t: TestApp;
let eng: GroupDoc;
const text = (body: unknown) => JSON.stringify(body);
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);

async function shown(userId: string, line: string): Promise<{ text: string; blocks: unknown[] }> {
  const { responseUrl } = await t.slack.slashCommand({ userId, text: line });
  // The first digest drawn in a process loads the chart libraries first (decision 052): seconds on a loaded machine.
  const post = await t.fake.waitForResponsePost(responseUrl, () => true, 20_000);
  expect(validateBlocks(post.blocks, 'message')).toEqual([]);
  return { text: asText(post.blocks), blocks: post.blocks as unknown[] };
}

beforeAll(async () => {
  t = await startTestApp();
  await createOrganization(t.store, { seats: 100 }).catch(() => undefined);
  eng = await createGroup(t.store, { name: 'Eng' });
  const sales = await createGroup(t.store, { name: 'Sales' });
  t.fake.addUser({ id: 'U_LEAD', email: 'lead@example.com', tz: 'Europe/Berlin' });
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  await createUser(t.store, {
    email: 'lead@example.com',
    role: 'group_admin',
    slackUserId: 'U_LEAD',
    managedGroups: [{ groupId: eng._id, permissions: [] }],
  });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', slackUserId: 'U_ADMIN' });
  // Seven joined Eng this week, the earliest with a name that tries to ping the channel; one
  // joined long ago; one joined Sales.
  for (let i = 0; i < 7; i += 1)
    await createUser(t.store, {
      email: `eng${i}@example.com`,
      firstName: i === 0 ? '<!channel>' : `Eng${i}`,
      surname: 'Joiner',
      groupIds: [eng._id],
      joinedAt: hoursAgo(100 - i),
    });
  await createUser(t.store, { email: 'veteran@example.com', firstName: 'Vera', groupIds: [eng._id] });
  await createUser(t.store, {
    email: 'sam@example.com',
    firstName: 'Sam',
    surname: 'Seller',
    groupIds: [sales._id],
    joinedAt: hoursAgo(2),
  });
  const at = hoursAgo(1).toISOString();
  const course = (courseId: string, courseTitle: string) => ({ courseId, courseTitle, at });
  const recorded = await recordActivity(buildContext(t.store, { source: 'activity', now: () => new Date() }), [
    ...[0, 1, 2].map((i) => ({
      type: 'enrolled',
      email: `eng${i}@example.com`,
      ...course('rust', 'Rust <@U999> & <!here>'),
    })),
    { type: 'course_completed', email: 'eng0@example.com', ...course('rust', 'Rust <@U999> & <!here>') },
    { type: 'enrolled', email: 'veteran@example.com', ...course('go', 'Go in practice') },
    { type: 'enrolled', email: 'sam@example.com', ...course('sales-101', 'Negotiation') },
  ]);
  expect(recorded.rejected).toEqual([]);
});
afterAll(async () => {
  await t.stop();
});
beforeEach(async () => {
  t.fake.reset();
  await t.store.digestSubscriptions.deleteMany({});
});

describe('the weekly digest’s highlights', () => {
  it('shows a team lead the week’s top courses of their groups and who joined, by name, escaped, then how many more', async () => {
    const { text: digest } = await shown('U_LEAD', 'digest preview');
    expect(digest).toContain('*Top courses* in the last 7 days');
    expect(digest).toContain('• *Rust &lt;@U999&gt; &amp; &lt;!here&gt;*: 3 active learners, 3 enrolled, 1 completed');
    expect(digest).toContain('• *Go in practice*: 1 active learner, 1 enrolled, 0 completed');
    expect(digest).not.toContain('Negotiation');
    // The first five by the time they joined, then the rest counted; the veteran is not new.
    expect(digest).toContain(
      '*Who joined* in the last 7 days (7): &lt;!channel&gt; Joiner, Eng1 Joiner, Eng2 Joiner, Eng3 Joiner, Eng4 Joiner and 2 more',
    );
    expect(digest).not.toMatch(/Who joined[^"]*Vera/);
    expect(digest).not.toContain('Sam Seller');
    expect(digest).not.toContain('<!channel>');
  });

  it('shows an admin the organization’s, and posts the same in the weekly digest within Block Kit’s limits', async () => {
    const { text: digest } = await shown('U_ADMIN', 'digest preview');
    expect(digest).toContain('*Negotiation*: 1 active learner');
    expect(digest).toContain('*Who joined* in the last 7 days (8)');
    expect(digest).toContain('Sam Seller');

    const { responseUrl } = await t.slack.slashCommand({ userId: 'U_LEAD', text: 'digest subscribe' });
    await t.fake.waitForResponsePost(responseUrl);
    const sub = (await t.store.digestSubscriptions.findOne({ destination: 'U_LEAD' }).lean().exec())!;
    // Due now: the job posts it with the week's highlights.
    await t.store.digestSubscriptions.updateOne({ _id: sub._id }, { $set: { nextRunAt: new Date(Date.now() - 1000) } });
    const deps: AppDeps = { ...t.app.deps, now: () => new Date() };
    expect(await postDueDigests(deps)).toEqual([{ id: sub._id, outcome: 'sent' }]);
    const posted = t.fake.messagesIn('U_LEAD').at(-1)!;
    expect(validateBlocks(posted.blocks, 'message')).toEqual([]);
    expect(asText(posted.blocks as unknown[])).toContain('3 active learners, 3 enrolled, 1 completed');
    expect(text(posted.blocks)).toContain('Eng4 Joiner and 2 more');
  });

  it('counts them once an hour per organization, not once per digest', async () => {
    const before = await t.store.digestHighlights.findById(`${t.orgId}:org`).lean().exec();
    await shown('U_LEAD', 'digest preview');
    const after = await t.store.digestHighlights.findById(`${t.orgId}:org`).lean().exec();
    expect(after?.computedAt).toEqual(before?.computedAt);
    // A group with nothing this week has no document; one with activity has its own.
    expect(await t.store.digestHighlights.findById(`${t.orgId}:${eng._id}`).lean().exec()).toMatchObject({
      joinedCount: 7,
    });
  });
});
