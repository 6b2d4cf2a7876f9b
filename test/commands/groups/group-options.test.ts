import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { deleteGroup } from '../../../src/services/groups/delete-group.js';
import { buildSearchIndex } from '../../../src/services/search/build-search-index.js';
import { startTestApp, type TestApp } from '../../support/app-harness.js';
import { buildContext, createGroup, createUser } from '../../support/factories.js';
import { pickedOption, pickedOptions } from '../../support/payload-factories.js';

/** The group pickers of the forms: more groups than a static select holds, found by typing. */
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  t.fake.addUser({ id: 'U_ADMIN', email: 'admin@example.com' });
  t.fake.addUser({ id: 'U_GA', email: 'ga@example.com' });
  await createUser(t.store, { email: 'admin@example.com', role: 'admin' });
  const ids: string[] = [];
  for (let i = 0; i < 240; i += 1)
    ids.push((await createGroup(t.store, { name: `Team ${String(i).padStart(3, '0')}`, searchIndexed: false }))._id);
  await createGroup(t.store, { name: 'Données Équipe', searchIndexed: false });
  // Groups from before the sets, filed by the build (as an upgrade would).
  await t.store.searchIndexStates.updateOne({ _id: 'T_TEST' }, { $set: { groups: 'building' } });
  await buildSearchIndex(t.store, 'T_TEST');
  await createUser(t.store, {
    email: 'ga@example.com',
    role: 'group_admin',
    managedGroups: [
      { groupId: ids[7]!, permissions: [] },
      { groupId: ids[70]!, permissions: [] },
    ],
  });
}, 120_000);
afterAll(async () => {
  await t.stop();
});

const ask = (userId: string, value: string) =>
  t.slack.blockSuggestion({ userId, actionId: 'group.search:group', blockId: 'group', value });

describe('the group picker', () => {
  it('offers groups by the beginning of the words of their names, in name order, 100 at most', async () => {
    const all = await ask('U_ADMIN', '');
    expect(all.problems).toEqual([]);
    expect(all.options).toHaveLength(100);
    expect(all.options[0]).toEqual({ text: { type: 'plain_text', text: 'Données Équipe' }, value: 'Données Équipe' });
    expect(all.options[1]!.value).toBe('Team 000');
    expect((await ask('U_ADMIN', 'team 12')).options.map((o) => o.value)).toEqual([
      'Team 120',
      'Team 121',
      'Team 122',
      'Team 123',
      'Team 124',
      'Team 125',
      'Team 126',
      'Team 127',
      'Team 128',
      'Team 129',
    ]);
    expect((await ask('U_ADMIN', 'equipe donnees')).options.map((o) => o.value)).toEqual(['Données Équipe']);
  });

  it('follows renames and deletions', async () => {
    const { responseUrl } = await t.slack.slashCommand({
      userId: 'U_ADMIN',
      text: 'group rename "Team 239" "Night Shift"',
    });
    expect(String((await t.fake.waitForResponsePost(responseUrl)).text)).toContain('Night Shift');
    expect((await ask('U_ADMIN', 'night')).options.map((o) => o.value)).toEqual(['Night Shift']);
    expect((await ask('U_ADMIN', 'team 239')).options).toEqual([]);
    await deleteGroup(buildContext(t.store), 'Team 238');
    expect((await ask('U_ADMIN', 'team 23')).options.map((o) => o.value)).toEqual([
      'Team 230',
      'Team 231',
      'Team 232',
      'Team 233',
      'Team 234',
      'Team 235',
      'Team 236',
      'Team 237',
    ]);
  });

  it('shows a group admin only the groups they manage', async () => {
    expect((await ask('U_GA', 'team')).options.map((o) => o.value)).toEqual(['Team 007', 'Team 070']);
  });

  it('submits the picked group by name, as the command takes it', async () => {
    const { ack } = await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'group.show.form',
      privateMetadata: JSON.stringify({ c: 'C_GENERAL', x: {} }),
      values: { group: { 'group.search:group': pickedOption('Team 007') } },
    });
    expect(ack.status).toBe(200);
    const shown = await t.fake.waitForCall('chat.postEphemeral', (c) => String(c.args.text).includes('Team 007'));
    expect(shown.ok).toBe(true);
  });

  it('lets the invite form pick groups by typing when there are more than a select holds', async () => {
    await t.store.organizations.updateOne({ _id: 'T_TEST' }, { $set: { seats: 10, seatsFree: 10 } });
    const { triggerId } = await t.slack.slashCommand({ userId: 'U_ADMIN', text: 'invite' });
    const opened = await t.fake.waitForCall('views.open', (c) => c.args.trigger_id === triggerId);
    const view = opened.args.view as {
      private_metadata: string;
      blocks: Array<{ block_id?: string; element?: Record<string, unknown> }>;
    };
    expect(view.blocks.find((b) => b.block_id === 'groupNames')?.element).toMatchObject({
      type: 'multi_external_select',
      action_id: 'group.search:groups',
    });
    await t.slack.viewSubmission({
      userId: 'U_ADMIN',
      callbackId: 'invite.submit',
      privateMetadata: view.private_metadata,
      values: {
        emails: { emails: { type: 'plain_text_input', value: 'new.hire@example.com' } },
        groupNames: { 'group.search:groups': pickedOptions(['Team 007']) },
      },
    });
    const team = await t.store.groupNames.findById('T_TEST:team 007').lean().exec();
    const deadline = Date.now() + 10_000;
    let invitation = await t.store.invitations.findById('T_TEST:new.hire@example.com').lean().exec();
    while (!invitation && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      invitation = await t.store.invitations.findById('T_TEST:new.hire@example.com').lean().exec();
    }
    expect(invitation?.groupIds).toEqual([team!.groupId]);
  });
});
