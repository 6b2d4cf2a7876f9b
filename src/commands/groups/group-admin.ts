import { z } from 'zod';
import { assignGroupAdmin, removeGroupAdmin } from '../../services/groups/change-group-admins.js';
import { MAX_GROUP_NAME } from '../../services/groups/group-repository.js';
import { UbError } from '../../services/errors.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { choiceArg, personArg, switchArg, textArg, type PersonRef } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import type { ServiceContext } from '../../services/context.js';
import { openGroupForm } from './group-form-opener.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** `/ub group admin add|remove "<group>" <person> [--invite-deactivate]` */
export const groupAdminSubcommand = defineSubcommand({
  name: 'group admin',
  usage: 'add|remove "<group>" <email or @mention> [--invite-deactivate]',
  summary: 'Make someone a group admin of a group, or end it.',
  details: [
    'Group admins see and manage the people of their groups: add people who hold a license, remove people.',
    '`--invite-deactivate` also lets them invite people into the group and deactivate its members.',
    'Giving `add` again for someone who already manages the group sets their permissions anew.',
  ],
  permission: 'group.assign_admin',
  reply: 'ephemeral',
  positionals: [{ name: 'change' }, { name: 'group', mayHaveSpaces: true }, { name: 'person' }],
  flags: { 'invite-deactivate': { takesValue: false } },
  schema: z.object({
    change: choiceArg(['add', 'remove'] as const),
    group: textArg({ max: MAX_GROUP_NAME, what: 'a group name (in quotes when it has spaces)' }),
    person: personArg,
    'invite-deactivate': switchArg,
  }),
  openModal: (request) => openGroupForm(request, 'admin'),
  handle: async (request, input, ctx) =>
    changeGroupAdmin(request, ctx, {
      change: input.change,
      group: input.group,
      person: input.person,
      inviteDeactivate: input['invite-deactivate'],
    }),
});

export async function changeGroupAdmin(
  request: CommandRequest,
  ctx: ServiceContext,
  input: { change: 'add' | 'remove'; group: string; person: PersonRef; inviteDeactivate: boolean },
): Promise<void> {
  const email = await emailOfPerson(request, input.person);
  if (input.change === 'remove') {
    if (input.inviteDeactivate) throw new UbError('invalid_input', '`--invite-deactivate` goes with `add` only.');
    const change = await removeGroupAdmin(ctx, { groupName: input.group, email });
    await request.reply({
      text: `${escapeMrkdwn(email)} no longer manages *${escapeMrkdwn(change.group.name)}*${change.role === 'user' ? ' and is now a user' : ''}.`,
    });
    return;
  }
  const change = await assignGroupAdmin(ctx, {
    groupName: input.group,
    email,
    permissions: input.inviteDeactivate ? ['invite_deactivate'] : [],
  });
  const can = change.permissions.includes('invite_deactivate')
    ? ', and may invite people into it and deactivate its members'
    : '';
  await request.reply({ text: `:key: ${escapeMrkdwn(email)} now manages *${escapeMrkdwn(change.group.name)}*${can}.` });
}
