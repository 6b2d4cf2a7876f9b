import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createGroup, createUser } from '../../support/factories.js';

/**
 * The people pickers of the forms (external selects): Slack asks for options as someone types,
 * signed over HTTP to the options load URL or as a Socket Mode envelope, and the ack is the answer.
 */
const apps: Record<'http' | 'socket-mode', TestApp | undefined> = { http: undefined, 'socket-mode': undefined };

async function seed(t: TestApp): Promise<void> {
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  t.fake.addUser({ id: 'U_PLAIN', email: 'plain@example.com' });
  const data = await createGroup(t.store, { name: 'Data Eng' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin', firstName: 'Ada', surname: 'Admin' });
  await createUser(t.store, { email: 'plain@example.com', firstName: 'Plain', surname: 'Person' });
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    managedGroups: [{ groupId: data._id, permissions: [] }],
  });
  await createUser(t.store, {
    email: 'jose.nunez@example.com',
    firstName: 'José',
    surname: 'Núñez',
    groupIds: [data._id],
  });
  await createUser(t.store, { email: 'josefine@example.com', firstName: 'Josefine', surname: 'Meyer' });
  const long = 'Bartholomew-Maximilian Fitzgerald-Worthington';
  await createUser(t.store, { email: `${'b'.repeat(60)}@example.com`, firstName: long, surname: long });
  for (let i = 0; i < 120; i += 1)
    await createUser(t.store, {
      email: `zed${String(i).padStart(3, '0')}@example.com`,
      firstName: 'Zed',
      surname: `N${i}`,
    });
}

beforeAll(async () => {
  for (const via of ['http', 'socket-mode'] as const) {
    apps[via] = await startTestApp({ via });
    await seed(apps[via]);
  }
}, 120_000);
afterAll(async () => {
  for (const app of Object.values(apps)) await app?.stop();
});

const ask = (t: TestApp, userId: string, value: string, field = 'email') =>
  t.slack.blockSuggestion({ userId, actionId: `person.search:${field}`, blockId: field, value });

describe.each(['http', 'socket-mode'] as const)('the people picker over %s', (via) => {
  it('offers the people whose name or email words begin with what is typed, accents or not', async () => {
    const t = apps[via]!;
    const { ack, options, problems } = await ask(t, 'U_ADMIN', 'jose nu');
    expect(ack.status).toBe(200);
    expect(problems).toEqual([]);
    expect(options).toEqual([
      { text: { type: 'plain_text', text: 'José Núñez · jose.nunez@example.com' }, value: 'jose.nunez@example.com' },
    ]);
    expect((await ask(t, 'U_ADMIN', 'JOS', 'emails')).options.map((o) => o.value)).toEqual([
      'jose.nunez@example.com',
      'josefine@example.com',
    ]);
  });

  it('stays within Block Kit limits: at most 100 options, texts of 75 characters', async () => {
    const t = apps[via]!;
    const many = await ask(t, 'U_ADMIN', 'zed');
    expect(many.problems).toEqual([]);
    expect(many.options.length).toBeGreaterThan(10);
    expect(many.options.length).toBeLessThanOrEqual(100);
    const long = await ask(t, 'U_ADMIN', 'bartholomew');
    expect(long.problems).toEqual([]);
    expect(long.options[0]!.text.text).toHaveLength(75);
  });

  it('offers a whole email as typed, so a form can name someone the search does not list', async () => {
    const t = apps[via]!;
    const { options } = await ask(t, 'U_ADMIN', 'invited.later@example.com');
    expect(options).toEqual([
      { text: { type: 'plain_text', text: 'invited.later@example.com' }, value: 'invited.later@example.com' },
    ]);
  });

  it("shows a group admin only their groups' people, and a plain user nobody", async () => {
    const t = apps[via]!;
    expect((await ask(t, 'U_GA', 'jos')).options.map((o) => o.value)).toEqual(['jose.nunez@example.com']);
    expect((await ask(t, 'U_PLAIN', 'jos')).options).toEqual([]);
  });
});
