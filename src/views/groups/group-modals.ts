import type { InputBlock, ModalView } from '@slack/types';
import { modal } from '../modal-view.js';
import { groupPicker, peoplePicker, personPicker } from '../pickers.js';

export type GroupFormKind = 'rename' | 'delete' | 'add' | 'remove' | 'show' | 'admin';

export const groupFormCallbackId = (kind: GroupFormKind) => `group.${kind}.form`;

const titles: Record<GroupFormKind, { title: string; submit: string }> = {
  rename: { title: 'Rename a group', submit: 'Rename' },
  delete: { title: 'Delete a group', submit: 'Preview' },
  add: { title: 'Add people to a group', submit: 'Add' },
  remove: { title: 'Remove from a group', submit: 'Remove' },
  show: { title: 'Show a group', submit: 'Show' },
  admin: { title: 'Group admins', submit: 'Save' },
};

const text = (value: string) => ({ type: 'plain_text' as const, text: value });

function groupField(): InputBlock {
  return {
    type: 'input',
    block_id: 'group',
    label: text('Group'),
    element: groupPicker('group'),
  };
}

function peopleFields(): InputBlock[] {
  return [
    {
      type: 'input',
      block_id: 'people',
      optional: true,
      label: text('People in Slack'),
      element: { type: 'multi_users_select', action_id: 'people', max_selected_items: 100 },
    },
    {
      type: 'input',
      block_id: 'emails',
      optional: true,
      label: text('Or find them in ub'),
      hint: text('By name or email; a whole email can be typed too.'),
      element: peoplePicker('emails', 100),
    },
  ];
}

function adminFields(): InputBlock[] {
  return [
    {
      type: 'input',
      block_id: 'change',
      label: text('Change'),
      element: {
        type: 'static_select',
        action_id: 'change',
        initial_option: { text: text('Make a group admin'), value: 'add' },
        options: [
          { text: text('Make a group admin'), value: 'add' },
          { text: text('End their group-admin role'), value: 'remove' },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'person',
      optional: true,
      label: text('Person'),
      element: { type: 'users_select', action_id: 'person' },
    },
    {
      type: 'input',
      block_id: 'email',
      optional: true,
      label: text('Or find them in ub'),
      element: personPicker('email'),
    },
    {
      type: 'input',
      block_id: 'permissions',
      optional: true,
      label: text('Permissions'),
      element: {
        type: 'checkboxes',
        action_id: 'permissions',
        options: [
          { text: text('May invite people into the group and deactivate its members'), value: 'invite_deactivate' },
        ],
      },
    },
  ];
}

/** The form a `/ub group <subcommand>` opens when given no arguments. */
export function groupFormModal(kind: GroupFormKind): ModalView {
  const blocks: InputBlock[] = [groupField()];
  if (kind === 'rename') {
    blocks.push({
      type: 'input',
      block_id: 'newName',
      label: text('New name'),
      element: { type: 'plain_text_input', action_id: 'newName', max_length: 100 },
    });
  }
  if (kind === 'add' || kind === 'remove') blocks.push(...peopleFields());
  if (kind === 'admin') blocks.push(...adminFields());
  return modal(groupFormCallbackId(kind), titles[kind].title, titles[kind].submit, blocks);
}
