import { describe, expect, it } from '@jest/globals';
import type { MyStanding, Standing } from '../../../src/services/my-standing.js';
import {
  helpDetailBlocks,
  helpFamilyBlocks,
  helpOverviewBlocks,
  type HelpEntry,
} from '../../../src/views/help/help-blocks.js';
import { validateBlocks } from '../../support/fake-slack/index.js';
import { buildStanding } from '../../support/view-factories.js';

const entry = (usage: string, who = 'everyone'): HelpEntry => ({
  usage,
  summary: `What ${usage} does.`,
  details: [],
  who,
  reply: 'ephemeral',
  hasModal: false,
});
const member = (overrides: Parameters<typeof buildStanding>[0] = {}) => buildStanding(overrides).me;
const standing = (me: Standing): MyStanding => ({
  ...buildStanding(),
  me,
  contacts: [
    { slackUserId: 'UADA', name: 'Ada', email: 'ada@acme.test' },
    { slackUserId: undefined, name: 'Bob <B>', email: 'bob@acme.test' },
  ],
});
const render = (me: Standing, entries = [entry('/ub help [command]')]) => {
  const { text, blocks } = helpOverviewBlocks({ entries, standing: standing(me) });
  expect(validateBlocks(blocks, 'message')).toEqual([]);
  return { text, all: JSON.stringify(blocks) };
};

describe('helpOverviewBlocks, by role', () => {
  it('tells a learner what they are and whom to ask for more, naming them', () => {
    const { text, all } = render(member({}));
    expect(text).toBe('What you can do in ub');
    expect(all).toContain('You are a learner.');
    expect(all).toContain(
      'Group admins and admins can do more, such as managing people and groups; ask one if you need that: <@UADA> or Bob &lt;B&gt;.',
    );
  });

  it('tells a group admin without the invite permission which groups they manage and what the permission adds', () => {
    const { all } = render(
      member({ role: 'group_admin', managedGroups: [{ id: 'g', name: 'Support', canInviteDeactivate: false }] }),
    );
    expect(all).toContain('You are a group admin of *Support*.');
    expect(all).toContain('With the invite/deactivate permission for a group you could also invite people into it');
  });

  it('tells a group admin with the invite permission what only admins do', () => {
    const { all } = render(
      member({ role: 'group_admin', managedGroups: [{ id: 'g', name: 'Sales', canInviteDeactivate: true }] }),
    );
    expect(all).toContain('You are a group admin of *Sales* (with the invite/deactivate permission).');
    expect(all).toContain('Admins also manage licenses, roles, groups and the audit log');
  });

  it('tells an admin everything is theirs, with no line on getting more', () => {
    const { all } = render(member({ role: 'admin' }));
    expect(all).toContain('You are an admin: every command is yours.');
    expect(all).not.toContain('ask one');
  });

  it('tells someone ub does not know that they have no account yet, and how to get one', () => {
    const { all } = render({ kind: 'unknown', email: 'uma@acme.test' });
    expect(all).toContain('You have no learning account in ub yet (nobody invited uma@acme.test).');
    expect(all).toContain('To get one, ask an admin to invite you: <@UADA> or Bob &lt;B&gt;.');
  });

  it('lists every command with who may run it when the person cannot be looked up', () => {
    const { text, blocks } = helpOverviewBlocks({
      entries: [entry('/ub help'), entry('/ub license', 'admins')],
      standing: undefined,
    });
    expect(text).toBe('ub commands');
    expect(JSON.stringify(blocks)).toContain('`/ub license` _(admins)_');
  });
});

describe('helpFamilyBlocks and helpDetailBlocks', () => {
  it('lists a family with who may run each command', () => {
    const { text, blocks } = helpFamilyBlocks('group', [
      entry('/ub group list', 'admins and group admins'),
      entry('/ub group create "<name>"', 'admins'),
    ]);
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text).toBe('/ub group commands');
    expect(JSON.stringify(blocks)).toContain('`/ub group create \\"&lt;name&gt;\\"` _(admins)_');
  });

  it('says who can run one command', () => {
    const { blocks } = helpDetailBlocks(
      entry('/ub invite', 'admins, and group admins with the invite/deactivate permission'),
    );
    expect(JSON.stringify(blocks)).toContain(
      '*Who can run it:* admins, and group admins with the invite/deactivate permission',
    );
  });
});
