import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { Role } from '../../services/domain.js';
import { ROLE_LABELS } from './user-text.js';
import { modal } from '../modal-view.js';
import { personPicker } from '../pickers.js';

export const USER_MODAL_CALLBACK_ID = 'user.submit';
export const DEACTIVATE_MODAL_CALLBACK_ID = 'deactivate.submit';
export const REACTIVATE_MODAL_CALLBACK_ID = 'reactivate.submit';
export const ROLE_MODAL_CALLBACK_ID = 'role.submit';
/** The value of the "tell them" checkbox of the deactivate and reactivate forms (block id `notify`). */
export const NOTIFY_OPTION_VALUE = 'notify';

/**
 * The two ways to name a person in a form: pick them in Slack, or find them among ub's people by
 * name or email (for people not in this workspace). Block ids `person` and `email` (the picked
 * person's email); errors are shown under `person`.
 */
function personBlocks(hint: string): InputBlock[] {
  return [
    {
      type: 'input',
      block_id: 'person',
      optional: true,
      label: { type: 'plain_text', text: 'Person' },
      element: {
        type: 'users_select',
        action_id: 'person',
        placeholder: { type: 'plain_text', text: 'Pick someone in Slack' },
      },
    },
    {
      type: 'input',
      block_id: 'email',
      optional: true,
      label: { type: 'plain_text', text: 'Or find them in ub' },
      hint: { type: 'plain_text', text: hint },
      element: personPicker('email'),
    },
  ];
}

/**
 * Whether the person hears about it: the form's side of `--notify` / `--no-notify`, ticked by
 * default as the command's default is to tell them.
 */
function notifyBlock(text: string): InputBlock {
  const option: PlainTextOption = { text: { type: 'plain_text', text }, value: NOTIFY_OPTION_VALUE };
  return {
    type: 'input',
    block_id: 'notify',
    optional: true,
    label: { type: 'plain_text', text: 'Tell them' },
    element: { type: 'checkboxes', action_id: 'notify', options: [option], initial_options: [option] },
  };
}

/** `/ub user`, `/ub deactivate`, `/ub reactivate` without arguments: whom (and, for a change, whether to tell them). */
export function personModalView(input: { kind: 'user' | 'deactivate' | 'reactivate' }): ModalView {
  const spec = {
    user: {
      callbackId: USER_MODAL_CALLBACK_ID,
      title: 'Look someone up',
      submit: 'Show',
      hint: 'Their profile, groups, license and courses.',
      notice: undefined,
    },
    deactivate: {
      callbackId: DEACTIVATE_MODAL_CALLBACK_ID,
      title: 'Deactivate someone',
      submit: 'Preview',
      hint: 'You will see what deactivating does and confirm it before anything changes.',
      notice: 'Send them a DM saying their account was deactivated',
    },
    reactivate: {
      callbackId: REACTIVATE_MODAL_CALLBACK_ID,
      title: 'Reactivate someone',
      submit: 'Reactivate',
      hint: 'They take a free license again.',
      notice: 'Send them a DM saying they are back',
    },
  }[input.kind];
  const blocks: KnownBlock[] = personBlocks(spec.hint);
  if (spec.notice) blocks.push(notifyBlock(spec.notice));
  return modal(spec.callbackId, spec.title, spec.submit, blocks);
}

/** `/ub role` without arguments: whom, and which role. */
export function roleModalView(): ModalView {
  const options = (['user', 'group_admin', 'admin'] as const).map((role: Role): PlainTextOption => ({
    text: { type: 'plain_text', text: ROLE_LABELS[role].replace(/^./, (c) => c.toUpperCase()) },
    value: role,
  }));
  const blocks: KnownBlock[] = [
    ...personBlocks('For a pending invitation, type its whole email.'),
    {
      type: 'input',
      block_id: 'role',
      label: { type: 'plain_text', text: 'New role' },
      hint: {
        type: 'plain_text',
        text: 'Group admins act on the groups they manage: assign groups with /ub group admin.',
      },
      element: { type: 'static_select', action_id: 'role', options },
    },
  ];
  return modal(ROLE_MODAL_CALLBACK_ID, 'Change a role', 'Change role', blocks);
}
