import type { KnownBlock } from '@slack/types';
import { commandButton } from '../command-button.js';
import { slackDate } from '../format.js';
import { truncate } from '../mrkdwn.js';

export const KEEP_PRO_ACTION_ID = 'approvals.keep_pro';

/**
 * The warning of the Pro reclaim policy (decision 042), to the holder: why, when, and "I still
 * need it", whose value names the warning's cycle (an answer to an older warning is out of date).
 */
export function reclaimWarningBlocks(input: {
  idleDays: number;
  reclaimAt: Date;
  lastActivityAt: Date | undefined;
  /** The warning answered: the person's reclaim record and its cycle. */
  keep: { id: string; cycle: number };
}): { text: string; blocks: KnownBlock[] } {
  const since = input.lastActivityAt
    ? `since ${slackDate(input.lastActivityAt)}`
    : `in the last ${input.idleDays} days`;
  const text = `:hourglass_flowing_sand: Your Pro license has had no learning activity ${since}. Pro licenses go to people who use them: yours goes back to standard on ${slackDate(input.reclaimAt)} unless you learn with it or tell us you still need it.`;
  return {
    text: truncate(text, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
      {
        type: 'actions',
        block_id: 'keep_pro',
        elements: [
          {
            type: 'button',
            action_id: KEEP_PRO_ACTION_ID,
            text: { type: 'plain_text', text: 'I still need it' },
            style: 'primary',
            // A record id is `<team>:<email>`: well under the 2,000 characters of a value.
            value: JSON.stringify({ r: input.keep.id.slice(0, 400), c: input.keep.cycle }),
          },
        ],
      },
    ],
  };
}

/** The warning once answered "I still need it" (updated in place, no button left). */
export function reclaimKeptText(until: Date): string {
  return `:white_check_mark: You keep your Pro license. If it still has no learning activity by ${slackDate(until)}, ub asks again.`;
}

/** An answer that came too late, or to a warning that is no longer open. */
export function reclaimClosedText(state: string): string {
  if (state === 'reclaimed')
    return 'Your Pro license already went back to standard. Ask for it again with `/ub request pro`.';
  if (state === 'kept') return 'You said you still need it already: you keep your Pro license.';
  return 'This warning is closed: you keep your Pro license.';
}

/** After the reclaim, to the person (the warning is replaced by it too), with a way to ask again. */
export function proReclaimedBlocks(input: { idleDays: number }): { text: string; blocks: KnownBlock[] } {
  const text = `:hourglass: Your Pro license went back to standard: it had no learning activity for ${input.idleDays} days. Your courses and history stay. Need Pro again? Ask for it.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'actions', block_id: 'ask_pro', elements: [commandButton('Ask for Pro again', 'request pro')] },
    ],
  };
}
