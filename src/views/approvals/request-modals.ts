import type { ModalView } from '@slack/types';
import { modal } from '../modal-view.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

export const DENY_MODAL_CALLBACK_ID = 'approvals.deny_reason';
export const REQUEST_FORM_CALLBACK_ID = 'approvals.request_form';

/** Deny asks why: the requester reads it in their DM. */
export function denyModalView(input: { code: string; summary: string }): ModalView {
  return modal(DENY_MODAL_CALLBACK_ID, 'Deny request', 'Deny', [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`Deny request ${escapeMrkdwn(input.code)}: ${input.summary}?`, 3000) },
    },
    {
      type: 'input',
      block_id: 'note',
      label: { type: 'plain_text', text: 'Why' },
      hint: { type: 'plain_text', text: 'The person who asked reads this.' },
      element: { type: 'plain_text_input', action_id: 'note', multiline: true, min_length: 1, max_length: 500 },
    },
  ]);
}

/**
 * The request form, already filled in with what was asked (the summary): only the reason is left
 * to give. What is asked travels in the modal's metadata, not in fields someone could edit.
 */
export function requestFormView(input: { summary: string }): ModalView {
  return modal(REQUEST_FORM_CALLBACK_ID, 'Request approval', 'Send request', [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`You ask to ${input.summary}.`, 3000) },
    },
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Reason' },
      hint: { type: 'plain_text', text: 'The approvers read it on the request.' },
      element: { type: 'plain_text_input', action_id: 'reason', multiline: true, min_length: 1, max_length: 500 },
    },
  ]);
}
