import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { createUser } from '../../support/factories.js';
import { asJson, asText, findButton } from '../../support/posted-blocks.js';

/**
 * The invitation language and the learning site (issue 9, smaller gaps): `--language` and the
 * form's select store the language on the invitation, the DM is written in it (or in English,
 * saying so), the list shows it, and the DM and the welcome link to UB_LEARNING_URL.
 */
let t: TestApp;
const dmTo = (user: string) =>
  t.fake.waitForCall(
    'chat.postMessage',
    (c) => c.args.channel === user && asText(c.args.blocks).includes('invitation'),
  );

beforeAll(async () => {
  t = await startTestApp({ env: { UB_LEARNING_URL: 'https://acme.udemy.com' } });
  t.fake.addUser({ id: 'UADMIN', email: 'admin@acme.test' });
  t.fake.addUser({ id: 'UDORA', email: 'dora@acme.test', realName: 'Dora Deutsch' });
  t.fake.addUser({ id: 'UITA', email: 'ita@acme.test' });
  t.fake.addUser({ id: 'UFRA', email: 'fra@acme.test' });
  await createUser(t.store, { email: 'admin@acme.test', role: 'admin' });
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 20, seatsFree: 19, seatsSetAt: new Date() } },
  );
});
afterAll(async () => {
  await t.stop();
});

describe('invitation language', () => {
  it('writes the invitation in German with --language, links the learning site, and welcomes in German', async () => {
    const post = await t.slack.answer('UADMIN', 'invite dora@acme.test --language Deutsch');
    expect(asText(post.blocks)).toContain('The DM is in German.');
    expect(await t.store.invitations.findById('T_TEST:dora@acme.test').lean()).toMatchObject({ language: 'de' });
    const dm = await dmTo('UDORA');
    const blocks = asJson(dm.args.blocks);
    expect(asText(blocks)).toContain('hat dich eingeladen, mit');
    expect(asText(blocks)).toContain('<https://acme.udemy.com|https://acme.udemy.com>');

    const accept = findButton(blocks, 'invitation.accept')!;
    const { responseUrl } = await t.slack.blockAction({
      userId: 'UDORA',
      actionId: accept.action_id,
      value: accept.value,
      channelId: 'DUDORA',
    });
    const welcome = await t.fake.waitForResponsePost(responseUrl);
    expect(welcome.text).toMatch(/^Willkommen! Du bist .* beigetreten\.$/);
    expect(asText(welcome.blocks)).toContain('*Jetzt lernen:* <https://acme.udemy.com|https://acme.udemy.com>');
  });

  it('sends a language ub has no text for in English, and says so to the admin and the invitee', async () => {
    const post = await t.slack.answer('UADMIN', 'invite ita@acme.test --language it');
    expect(asText(post.blocks)).toContain('ub has no Italian text yet, so the DM is in English.');
    const dm = await dmTo('UITA');
    expect(asText(dm.args.blocks)).toContain('invited you to learn with');
    expect(asText(dm.args.blocks)).toContain('ub has no Italian text yet, so it is in English.');
    const list = await t.slack.answer('UADMIN', 'invitations');
    expect(asText(list.blocks)).toContain('*ita@acme.test* · in Italian');
  });

  it('refuses a language Udemy Business does not offer, in the ack', async () => {
    const post = await t.slack.answer('UADMIN', 'invite x@acme.test --language klingon');
    expect(asText(post)).toContain('`--language` must be one of the languages Udemy Business offers');
    expect(await t.store.invitations.countDocuments({ email: 'x@acme.test' })).toBe(0);
  });

  it('takes the language from the invite form', async () => {
    const { ack } = await t.slack.viewSubmission({
      userId: 'UADMIN',
      callbackId: 'invite.submit',
      privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
      values: {
        emails: { emails: { type: 'plain_text_input', value: 'fra@acme.test' } },
        language: { language: { type: 'static_select', selected_option: { value: 'fr' } } },
      },
    });
    expect(ack.body).toBeUndefined();
    const dm = await dmTo('UFRA');
    expect(asText(dm.args.blocks)).toContain('vous invite à apprendre avec');
    expect(await t.store.invitations.findById('T_TEST:fra@acme.test').lean()).toMatchObject({ language: 'fr' });
  });
});
