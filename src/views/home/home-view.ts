import type { HomeView, KnownBlock } from '@slack/types';
import type { Role } from '../../services/domain.js';
import { escapeMrkdwn } from '../mrkdwn.js';

const roleName: Record<Role, string> = { admin: 'Admin', group_admin: 'Group admin', user: 'User' };

const commandsByRole: Record<Role, string[]> = {
  admin: [
    '`/ub invite` invite people (a form opens when you give no emails)',
    '`/ub users` find people by name or email',
    '`/ub group list` groups and their members',
    '`/ub license` seats in use and left',
    '`/ub audit` who changed what',
  ],
  group_admin: [
    '`/ub users --group &lt;name&gt;` people in the groups you manage',
    '`/ub group show &lt;name&gt;` a group and its members',
  ],
  user: ['`/ub user me` your profile, groups and license'],
};

/** The App Home tab: who you are in ub and what you can do from here. */
export function homeView(input: {
  role: Role;
  email: string | undefined;
  organizationName: string | undefined;
}): HomeView {
  const who = input.email
    ? `You are signed in to ub as *${escapeMrkdwn(input.email)}* (${roleName[input.role]}).`
    : 'ub does not know your email yet: ask a ub admin to invite you, or check that your Slack profile shows your work email.';
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: {
        type: 'plain_text',
        text: input.organizationName ? `ub for ${input.organizationName}`.slice(0, 150) : 'ub',
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: who } },
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*What you can do*\n${commandsByRole[input.role].join('\n')}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Type `/ub help` in any channel for every command.' }] },
  ];
  return { type: 'home', blocks };
}
