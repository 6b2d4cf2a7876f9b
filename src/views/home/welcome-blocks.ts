import type { KnownBlock } from '@slack/types';
import { commandButton } from '../command-button.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

/**
 * The DM a first admin gets on their first contact with ub (or when they install it): the three
 * things to set up first, each with a button that opens its form.
 */
export function welcomeBlocks(input: { organizationName: string | undefined; installed: boolean }): {
  text: string;
  blocks: KnownBlock[];
} {
  const where = input.organizationName ? ` for *${escapeMrkdwn(truncate(input.organizationName, 150))}*` : '';
  const role = input.installed
    ? `You installed ub${where}, so you are its first admin.`
    : `You are one of ub's first admins${where}.`;
  const steps = [
    '*1. The license count.* How many licenses (and Pro licenses) your Udemy Business subscription includes. Nobody can be invited until it is set.',
    '*2. Groups* (optional). Teams or departments people learn in; you can invite people straight into them.',
    '*3. Who else is an admin.* Invite them with the Admin role, or make someone who has joined an admin.',
  ];
  return {
    text: `Welcome to ub: three things to set up first`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `:wave: *Welcome to ub.* ${role} Three things to set up first:` },
      },
      { type: 'section', text: { type: 'mrkdwn', text: steps.join('\n') } },
      {
        type: 'actions',
        block_id: 'welcome',
        elements: [
          commandButton('Set the license count', 'license seats', { style: 'primary' }),
          commandButton('Create a group', 'group create'),
          commandButton('Invite an admin', 'invite'),
          commandButton('Make someone an admin', 'role'),
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: "`/ub help` lists what you can do. ub's App Home tab shows licenses, pending invitations and recent changes.",
          },
        ],
      },
    ],
  };
}
