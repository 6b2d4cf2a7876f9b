import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createGroup, createUser } from '../support/factories.js';
import { asSlackSendsIt, HOSTILE_TEXTS } from '../support/hostile-text.js';
import { layoutProblems, stackTraces, unsafeSequences } from '../support/mrkdwn-safety.js';

/**
 * Every answer ub gives, with hostile text typed into commands (as Slack sends it: `&`, `<`, `>`
 * escaped) and stored in names and group names: error replies that quote the input, results that
 * list what was stored. No control sequence from the text comes back live, no stack trace shows,
 * and every answer is one Slack takes.
 */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 1000, seatsFree: 1000 } });
});
afterAll(async () => {
  await t.stop();
});

/** The answer to one command: in the ack when it is refused there, else the first post to its response_url. */
async function answer(text: string): Promise<unknown> {
  const { ack, responseUrl } = await t.slack.slashCommand({ userId: 'U_ADMIN', text });
  expect(ack.status).toBe(200);
  if (ack.body !== undefined) return ack.body;
  return t.fake.waitForResponsePost(responseUrl);
}

function commandsFor(typed: string, stored: { email: string; group: string }): string[] {
  const q = asSlackSendsIt(typed);
  const group = asSlackSendsIt(stored.group);
  return [
    q,
    `help ${q}`,
    `group show "${q}"`,
    `group create "${q}"`,
    `group rename "${q}" "${q} 2"`,
    `group add "${q}" someone@example.com`,
    `group admin add "${q}" admin@example.com`,
    `user ${q}`,
    `user "${q}"`,
    `users "${q}"`,
    `users --group "${q}"`,
    `audit "${q}"`,
    `invite ${q}`,
    `invite ok@example.com --group "${q}"`,
    `cancel ${q}`,
    `resend ${q}`,
    `deactivate ${q}`,
    `reactivate ${q}`,
    `role ${q} admin`,
    `license pro ${q}`,
    `license seats ${q}`,
    // What was stored with hostile names comes back in lists and profiles.
    `group show "${group}"`,
    'group list',
    `users`,
    `user ${stored.email}`,
    `audit "${group}"`,
    'audit',
  ];
}

describe.each(
  HOSTILE_TEXTS.map((text, i): [string, string, number] => [
    text.length > 60 ? `${text.slice(0, 40)}… (${text.length})` : text,
    text,
    i,
  ]),
)('answers to commands given %j', (_, typed, index) => {
  it('keep its control sequences inert, show no stack trace, and stay within Block Kit limits', async () => {
    const storedGroup = typed.replace(/\s+/g, ' ').slice(0, 100);
    const email = `hostile${index}@example.com`;
    const group = await createGroup(t.store, { name: storedGroup });
    await createUser(t.store, { email, firstName: typed.slice(0, 200), surname: 'X', groupIds: [group._id] });
    const found: string[] = [];
    for (const command of commandsFor(typed, { email, group: storedGroup })) {
      const reply = await answer(command);
      const label = command.slice(0, 50);
      for (const sequence of unsafeSequences(reply, ['U_ADMIN'])) found.push(`${label}: ${sequence}`);
      for (const trace of stackTraces(reply)) found.push(`${label}: stack trace ${trace}`);
      for (const problem of layoutProblems(reply)) found.push(`${label}: ${problem}`);
    }
    expect(found).toEqual([]);
  });
});

describe('an error reply that quotes the input', () => {
  it('shows what was typed: `group show "<!channel>"` answers with &lt;!channel&gt;, never a live <!channel>', async () => {
    const reply = JSON.stringify(await answer('group show "&lt;!channel&gt;"'));
    expect(reply).toContain('There is no group named \\"&lt;!channel&gt;\\"');
    expect(reply).not.toContain('<!channel>');
  });
});
