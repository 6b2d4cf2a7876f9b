import type { KnownBlock } from '@slack/types';
import { count, formatNumber } from '../../plural.js';

/** The message a long invite keeps updating while it runs. */
export function invitationProgressBlocks(input: { handled: number; total: number }): {
  text: string;
  blocks: KnownBlock[];
} {
  const text = `:hourglass_flowing_sand: Inviting ${count(input.total, 'person', 'people')}… ${formatNumber(input.handled)} done`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'This message shows the result when it is finished. You can keep using ub meanwhile.',
          },
        ],
      },
    ],
  };
}
