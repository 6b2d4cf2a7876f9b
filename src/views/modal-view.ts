import type { KnownBlock, ModalView } from '@slack/types';

/** A modal with ub's usual frame: title, submit, Close, and the metadata the submission needs back. */
export function modal(callbackId: string, title: string, submit: string, blocks: KnownBlock[], privateMetadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: title },
    submit: { type: 'plain_text', text: submit },
    close: { type: 'plain_text', text: 'Close' },
    private_metadata: privateMetadata,
    blocks,
  };
}
