import type { KnownBlock, ModalView } from '@slack/types';

/**
 * A modal with ub's usual frame: title, submit, Close. Its private_metadata (where the
 * submission should answer) is written by the kit when the modal is opened.
 */
export function modal(callbackId: string, title: string, submit: string, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Close' },
    blocks,
  };
}
