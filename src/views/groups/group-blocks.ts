import type { KnownBlock, ModalView } from '@slack/types';
import type { GroupDetails } from '../../services/groups/show-group.js';
import type { GroupPage } from '../../services/groups/list-groups.js';
import type { Group } from '../../services/groups/group-repository.js';
import { confirmationBlocks } from '../confirmation-blocks.js';
import { modal } from '../modal-view.js';
import { escapeMrkdwn, packLines } from '../mrkdwn.js';
import { count } from '../../plural.js';

export const GROUP_LIST_PAGE_ACTION_ID = 'group.list.page';
export const GROUP_SHOW_PAGE_ACTION_ID = 'group.show.page';
export const GROUP_DELETE_ACTION_ID = 'group.delete.confirm';
export const GROUP_REMOVE_ACTION_ID = 'group.remove.confirm';

/** `/ub group list`: one line per group with its member count, and Next / First page buttons. */
export function groupListBlocks(input: {
  page: GroupPage;
  total: number;
  pageNumber: number;
  nextValue?: string;
  firstValue?: string;
}): {
  text: string;
  blocks: KnownBlock[];
} {
  const { page } = input;
  const text = `Groups: ${input.total.toLocaleString('en-US')} in all (page ${input.pageNumber})`;
  if (page.groups.length === 0) {
    return {
      text,
      blocks: [
        section(
          input.pageNumber === 1
            ? 'There are no groups yet. Create one with `/ub group create "&lt;name&gt;"`.'
            : 'No more groups.',
        ),
      ],
    };
  }
  const lines = page.groups.map((g) => `• *${escapeMrkdwn(g.name)}* — ${count(g.memberCount, 'member')}`);
  return {
    text,
    blocks: [
      section(`*${text}*`),
      ...packLines(lines).map(section),
      ...pager(GROUP_LIST_PAGE_ACTION_ID, input.firstValue, input.nextValue),
    ],
  };
}

/** `/ub group show <name>`: who manages the group and one page of its members. */
export function groupShowBlocks(input: {
  details: GroupDetails;
  pageNumber: number;
  nextValue?: string;
  firstValue?: string;
}): {
  text: string;
  blocks: KnownBlock[];
} {
  const { group, admins, members } = input.details;
  const text = `${escapeMrkdwn(group.name)}: ${count(group.memberCount, 'member')}`;
  const adminLine =
    admins.length === 0
      ? '_No group admins._ An admin can add one with `/ub group admin add`.'
      : admins
          .map(
            (a) =>
              `${escapeMrkdwn(a.name || a.email)} (${escapeMrkdwn(a.email)})${a.canInviteDeactivate ? ' — can invite and deactivate' : ''}`,
          )
          .join(', ');
  const memberLines = members.map(
    (m) =>
      `• ${escapeMrkdwn(m.name || m.email)} — ${escapeMrkdwn(m.email)}${m.status === 'deactivated' ? ' _(deactivated)_' : ''}`,
  );
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: group.name.slice(0, 150) } },
      section(`*Members:* ${group.memberCount.toLocaleString('en-US')} · *Group admins:* ${adminLine}`.slice(0, 3000)),
      ...(memberLines.length > 0
        ? packLines(memberLines).map(section)
        : [
            section(
              input.pageNumber === 1 ? '_No members yet._ Add people with `/ub group add`.' : '_No more members._',
            ),
          ]),
      ...pager(GROUP_SHOW_PAGE_ACTION_ID, input.firstValue, input.nextValue),
    ],
  };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function pager(actionId: string, firstValue: string | undefined, nextValue: string | undefined): KnownBlock[] {
  const buttons = [
    ...(firstValue
      ? [
          {
            type: 'button' as const,
            action_id: `${actionId}:first`,
            text: { type: 'plain_text' as const, text: 'First page' },
            value: firstValue,
          },
        ]
      : []),
    ...(nextValue
      ? [
          {
            type: 'button' as const,
            action_id: `${actionId}:next`,
            text: { type: 'plain_text' as const, text: 'Next' },
            value: nextValue,
          },
        ]
      : []),
  ];
  return buttons.length > 0 ? [{ type: 'actions', elements: buttons }] : [];
}

/** The preview of `/ub group delete`: what deleting does, with Confirm / Cancel. */
export function groupDeletionPreviewBlocks(group: Group, confirmValue: string): { text: string; blocks: KnownBlock[] } {
  return confirmationBlocks({
    question: `Delete the group *${escapeMrkdwn(group.name)}*?`,
    consequences: [
      group.memberCount === 1
        ? 'Its 1 member stays in ub; only their membership of this group ends.'
        : `Its ${count(group.memberCount, 'member')} stay in ub; only their membership of this group ends.`,
      'Group admins of this group stop managing it.',
      'This cannot be undone (you can create a group with the same name again).',
    ],
    confirmLabel: 'Delete group',
    confirmActionId: GROUP_DELETE_ACTION_ID,
    confirmValue,
    danger: true,
  });
}

/** The preview of removing several people from a group, with Confirm / Cancel. */
export function memberRemovalPreviewBlocks(
  group: Group,
  emails: string[],
  confirmValue: string,
): { text: string; blocks: KnownBlock[] } {
  return confirmationBlocks({
    question: `Remove ${count(emails.length, 'person', 'people')} from *${escapeMrkdwn(group.name)}*?`,
    consequences: [
      emails.slice(0, 10).map(escapeMrkdwn).join(', ') + (emails.length > 10 ? `, and ${emails.length - 10} more` : ''),
      'They keep their account, license and other groups.',
    ],
    confirmLabel: `Remove ${count(emails.length, 'person', 'people')}`,
    confirmActionId: GROUP_REMOVE_ACTION_ID,
    confirmValue,
    danger: true,
  });
}

export const GROUP_CREATE_CALLBACK_ID = 'group.create';

/** The form of `/ub group create`. */
export function groupCreateModal(): ModalView {
  const name: KnownBlock = {
    type: 'input',
    block_id: 'name',
    label: { type: 'plain_text', text: 'Group name' },
    hint: { type: 'plain_text', text: 'Unique in your organization; not case-sensitive.' },
    element: { type: 'plain_text_input', action_id: 'name', max_length: 100 },
  };
  return modal(GROUP_CREATE_CALLBACK_ID, 'Create a group', 'Create', [name]);
}
