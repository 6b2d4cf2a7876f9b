import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { InviteFormChoices } from '../../services/invitations/invite-users.js';
import { INVITATION_LANGUAGES, invitationLanguageName } from '../../services/domain.js';
import { truncate } from '../mrkdwn.js';
import { WRITTEN_LANGUAGES } from './invitation-texts.js';
import { modal } from '../modal-view.js';
import { groupsPicker } from '../pickers.js';
import { count, formatNumber } from '../../plural.js';

export const INVITE_MODAL_CALLBACK_ID = 'invite.submit';
export const RESEND_MODAL_CALLBACK_ID = 'resend.submit';
export const CANCEL_MODAL_CALLBACK_ID = 'cancel.submit';

/** Enough for about a hundred addresses; longer lists go in `/ub invite` itself. */
export const EMAILS_FIELD_MAX = 3000;

/**
 * The form `/ub invite` opens without arguments. Block ids name the fields (and where an error
 * is shown): emails, groups, role, pro, language, message.
 */
export function inviteModalView(input: InviteFormChoices & { messageMax: number }): ModalView {
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: 'emails',
      label: { type: 'plain_text', text: 'Email addresses' },
      hint: {
        type: 'plain_text',
        text: 'One per line, or separated by commas. For a list longer than this box, use /ub invite with the addresses.',
      },
      element: {
        type: 'plain_text_input',
        action_id: 'emails',
        multiline: true,
        max_length: EMAILS_FIELD_MAX,
        placeholder: { type: 'plain_text', text: 'ada@example.com\nalan@example.com' },
      },
    },
  ];
  const groupHint = input.canChooseRoleAndPro ? undefined : 'You can invite people into the groups you manage.';
  if (input.groups === 'names') {
    // More groups than a static select holds: pick them by typing (block id `groupNames`, values are names).
    blocks.push({
      type: 'input',
      block_id: 'groupNames',
      optional: input.canChooseRoleAndPro,
      label: { type: 'plain_text', text: 'Groups' },
      ...(groupHint ? { hint: { type: 'plain_text' as const, text: groupHint } } : {}),
      element: groupsPicker('groups', 100),
    });
  } else if (input.groups.length > 0) {
    blocks.push({
      type: 'input',
      block_id: 'groups',
      optional: input.canChooseRoleAndPro,
      label: { type: 'plain_text', text: 'Groups' },
      ...(groupHint ? { hint: { type: 'plain_text' as const, text: groupHint } } : {}),
      element: {
        type: 'multi_static_select',
        action_id: 'groups',
        placeholder: { type: 'plain_text', text: 'Pick groups' },
        options: input.groups
          .slice(0, 100)
          .map((g): PlainTextOption => ({ text: { type: 'plain_text', text: truncate(g.name, 75) }, value: g.id })),
      },
    });
  }
  if (input.canChooseRoleAndPro) {
    const user: PlainTextOption = { text: { type: 'plain_text', text: 'User (learner)' }, value: 'user' };
    blocks.push(
      {
        type: 'input',
        block_id: 'role',
        label: { type: 'plain_text', text: 'Role' },
        hint: {
          type: 'plain_text',
          text: 'To make someone a group admin, invite them as a user, then use /ub group admin once they have joined.',
        },
        element: {
          type: 'static_select',
          action_id: 'role',
          initial_option: user,
          options: [user, { text: { type: 'plain_text', text: 'Admin' }, value: 'admin' }],
        },
      },
      {
        type: 'input',
        block_id: 'pro',
        optional: true,
        label: { type: 'plain_text', text: 'License' },
        element: {
          type: 'checkboxes',
          action_id: 'pro',
          options: [
            {
              text: { type: 'plain_text', text: 'Udemy Business Pro' },
              ...(input.seats
                ? {
                    description: {
                      type: 'plain_text' as const,
                      text: `${input.seats.proFree.toLocaleString('en-US')} of ${input.seats.proSeats.toLocaleString('en-US')} Pro licenses free`,
                    },
                  }
                : {}),
              value: 'pro',
            },
          ],
        },
      },
    );
  }
  const english: PlainTextOption = { text: { type: 'plain_text', text: 'English' }, value: 'en' };
  blocks.push({
    type: 'input',
    block_id: 'language',
    label: { type: 'plain_text', text: 'Language' },
    hint: {
      type: 'plain_text',
      text: `The language of the invitation. ub writes it in ${WRITTEN_LANGUAGES.map(invitationLanguageName).join(', ')}; the others are sent in English.`,
    },
    element: {
      type: 'static_select',
      action_id: 'language',
      initial_option: english,
      options: INVITATION_LANGUAGES.map((l): PlainTextOption =>
        l.code === 'en'
          ? english
          : { text: { type: 'plain_text', text: truncate(`${l.native} (${l.name})`, 75) }, value: l.code },
      ),
    },
  });
  blocks.push({
    type: 'input',
    block_id: 'message',
    optional: true,
    label: { type: 'plain_text', text: 'Message' },
    hint: { type: 'plain_text', text: 'Shown in the invitation.' },
    element: { type: 'plain_text_input', action_id: 'message', multiline: true, max_length: input.messageMax },
  });
  if (input.seats) {
    blocks.push({
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: `${formatNumber(input.seats.free)} of ${count(input.seats.seats, 'license')} free. Each invitation holds one while it is pending.`,
        },
      ],
    });
  }
  return modal(INVITE_MODAL_CALLBACK_ID, 'Invite people', 'Invite', blocks);
}

/** `/ub resend` without arguments: addresses, or every pending invitation. */
export function resendModalView(): ModalView {
  return modal(RESEND_MODAL_CALLBACK_ID, 'Resend invitations', 'Resend', [
    {
      type: 'input',
      block_id: 'emails',
      optional: true,
      label: { type: 'plain_text', text: 'Email addresses' },
      hint: { type: 'plain_text', text: 'One per line, or separated by commas.' },
      element: { type: 'plain_text_input', action_id: 'emails', multiline: true, max_length: EMAILS_FIELD_MAX },
    },
    {
      type: 'input',
      block_id: 'all',
      optional: true,
      label: { type: 'plain_text', text: 'Or' },
      element: {
        type: 'checkboxes',
        action_id: 'all',
        options: [{ text: { type: 'plain_text', text: 'Every pending invitation I manage' }, value: 'all' }],
      },
    },
  ]);
}

/** `/ub cancel` without arguments: the one address whose invitation to cancel. */
export function cancelModalView(): ModalView {
  return modal(CANCEL_MODAL_CALLBACK_ID, 'Cancel an invitation', 'Cancel invitation', [
    {
      type: 'input',
      block_id: 'email',
      label: { type: 'plain_text', text: 'Email address' },
      hint: {
        type: 'plain_text',
        text: 'The invitation is cancelled and its license freed. You can invite them again later.',
      },
      element: { type: 'plain_text_input', action_id: 'email', max_length: 254 },
    },
  ]);
}
