import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app-harness.js';
import { createGroup, createUser } from '../support/factories.js';
import { pickedOption, pickedOptions } from '../support/payload-factories.js';

/**
 * Forms keep what was typed (issue 9, item 9): a business error about a field (a group name that
 * is taken, a group that does not exist, too few licenses, a person who is not a member) comes
 * back under the field in the open form, instead of closing it and posting the error apart.
 */
let t: TestApp;
const text = (value: string) => ({ type: 'plain_text_input', value });
const metadata = JSON.stringify({ c: 'C_GENERAL', x: {} });

async function submit(callbackId: string, values: Record<string, Record<string, unknown>>) {
  const { ack } = await t.slack.viewSubmission({ userId: 'UADMIN', callbackId, privateMetadata: metadata, values });
  return ack.body as { response_action?: string; errors?: Record<string, string> } | undefined;
}

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'UADMIN', email: 'admin@acme.test' });
  await createUser(t.store, { email: 'admin@acme.test', role: 'admin' });
  await createUser(t.store, { email: 'bob@acme.test' });
  await createGroup(t.store, { name: 'Engineering' });
  await t.store.organizations.updateOne(
    { _id: 'T_TEST' },
    { $set: { seats: 10, seatsFree: 8, proSeats: 0, proSeatsFree: 0, seatsSetAt: new Date() } },
  );
});
afterAll(async () => {
  await t.stop();
});

describe('business errors under the field, the form still open', () => {
  it('keeps the group-create form open when the name exists, and posts nothing apart', async () => {
    t.fake.reset();
    const ack = await submit('group.create', { name: { name: text('engineering') } });
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { name: 'A group named "engineering" already exists (names are not case-sensitive).' },
    });
    expect(t.fake.callsTo('chat.postEphemeral')).toHaveLength(0);
    expect(await t.store.groups.countDocuments({})).toBe(1);
  });

  it('closes the form when the name is free and answers as before', async () => {
    const ack = await submit('group.create', { name: { name: text('Sales EMEA') } });
    expect(ack).toBeUndefined();
    await t.fake.waitForCall('chat.postEphemeral', (c) =>
      String(c.args.text).includes('Created the group *Sales EMEA*'),
    );
  });

  it('says under the group field, in plain text, that a group does not exist', async () => {
    const ack = await submit('group.add.form', {
      group: { 'group.search:group': pickedOption('Nope') },
      emails: { 'person.search:emails': pickedOptions(['bob@acme.test']) },
    });
    expect(ack?.response_action).toBe('errors');
    expect(ack?.errors?.group).toMatch(/^There is no group named "Nope"\. \/ub group list shows them all/);
    expect(ack?.errors?.group).not.toContain('`');
  });

  it('says under the licenses field that the count cannot go below the licenses in use', async () => {
    const ack = await submit('license.seats.submit', {
      seats: { seats: { type: 'number_input', value: '1' } },
      pro: { pro: { type: 'number_input', value: '0' } },
    });
    expect(ack).toEqual({
      response_action: 'errors',
      errors: { seats: expect.stringMatching(/^2 licenses are in use .*, so there must be at least 2\./) as unknown },
    });
    expect((await t.store.organizations.findById('T_TEST').lean())?.seats).toBe(10);
  });

  it('says under the person field that someone is not a member', async () => {
    const ack = await submit('deactivate.submit', {
      email: { 'person.search:email': pickedOption('ghost@acme.test') },
    });
    expect(ack?.errors?.person).toMatch(/^Nobody with the email ghost@acme\.test is a member here\./);
  });
});
