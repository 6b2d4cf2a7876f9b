import type { KnownBlock } from '@slack/types';

/**
 * A preview of a destructive or bulk action with Confirm / Cancel. The Confirm button's value
 * carries the action's input; the handler of `confirmActionId` does the work and replaces this
 * message with what was done and by whom.
 */
export function confirmationBlocks(input: {
  question: string;
  consequences: string[];
  confirmLabel: string;
  confirmActionId: string;
  confirmValue: string;
  danger?: boolean;
}): { text: string; blocks: KnownBlock[] } {
  const details = input.consequences.map((c) => `• ${c}`).join('\n');
  return {
    text: input.question,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${input.question}${details ? `\n${details}` : ''}`.slice(0, 3000) },
      },
      {
        type: 'actions',
        block_id: 'confirmation',
        elements: [
          {
            type: 'button',
            action_id: input.confirmActionId,
            text: { type: 'plain_text', text: input.confirmLabel.slice(0, 75) },
            value: input.confirmValue,
            ...(input.danger ? { style: 'danger' as const } : { style: 'primary' as const }),
          },
          {
            type: 'button',
            action_id: CANCEL_ACTION_ID,
            text: { type: 'plain_text', text: 'Cancel' },
            value: 'cancel',
          },
        ],
      },
    ],
  };
}

export const CANCEL_ACTION_ID = 'confirmation.cancel';

/** What a decided confirmation becomes, so no stale button stays clickable. */
export function decidedBlocks(text: string): { text: string; blocks: KnownBlock[] } {
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }] };
}
