import type { KnownBlock } from '@slack/types';
import type { BulkOutcome, BulkResult } from '../services/domain.js';
import { bulkItemLabel, bulkResultIsCut } from './bulk-result-blocks.js';
import { escapeMrkdwn, packLines, truncate } from './mrkdwn.js';

/** "Show all" under a bulk result, and Previous / Next on its pages (`bulk.outcomes:<which>`). */
export const BULK_OUTCOMES_ACTION_ID = 'bulk.outcomes';

/** What the Show all button and the pager carry: the run, the page (0-based), whether it is the pages' own message. */
function bulkOutcomesValue(runId: string, page: number, inPages: boolean): string {
  // Run ids are a few dozen characters: far below a button value's 2,000.
  return JSON.stringify({ r: runId, p: page, ...(inPages ? { m: 1 } : {}) });
}

/** The result message with a "Show all" button when it leaves items out. */
export function withShowAll(
  message: { text: string; blocks: KnownBlock[] },
  runId: string,
  everything: BulkResult,
): { text: string; blocks: KnownBlock[] } {
  if (!bulkResultIsCut(everything)) return message;
  return {
    text: message.text,
    blocks: [
      ...message.blocks,
      {
        type: 'actions',
        block_id: 'bulk.outcomes',
        elements: [
          {
            type: 'button',
            action_id: `${BULK_OUTCOMES_ACTION_ID}:all`,
            text: { type: 'plain_text', text: 'Show all' },
            value: bulkOutcomesValue(runId, 0, false),
          },
        ],
      },
    ],
  };
}

/** At most this long, a page's 100 lines fill about 10 sections of 2,900 characters. */
const LINE_MAX = 280;

const mark: Record<BulkOutcome['status'], string> = {
  done: ':white_check_mark:',
  skipped: ':fast_forward:',
  failed: ':x:',
};

/**
 * One page of every outcome of a bulk result, one line per item in the order it was given (at most
 * 100 lines, so a page stays far below Slack's 50 blocks and 3,000 characters per section), with
 * Previous / Next.
 */
export function bulkOutcomesPageBlocks(input: {
  title: string;
  runId: string;
  /** 0-based. */
  page: number;
  pages: number;
  /** The page's outcomes; null while the run has not applied that page yet. */
  outcomes: BulkOutcome[] | null;
}): { text: string; blocks: KnownBlock[] } {
  const text = `${escapeMrkdwn(input.title)}, every outcome (page ${input.page + 1} of ${input.pages})`;
  const lines =
    input.outcomes === null
      ? ['_These items are still being worked on: look again in a moment._']
      : input.outcomes.map((o) =>
          // A line is cut at LINE_MAX so that 100 of them stay within Slack's 50 blocks.
          truncate(`${mark[o.status]} ${bulkItemLabel(o)}${o.reason ? ` — ${escapeMrkdwn(o.reason)}` : ''}`, LINE_MAX),
        );
  const buttons = [
    ...(input.page > 0 ? [{ which: 'previous', label: 'Previous', page: input.page - 1 }] : []),
    ...(input.page + 1 < input.pages ? [{ which: 'next', label: 'Next', page: input.page + 1 }] : []),
  ].map((b) => ({
    type: 'button' as const,
    action_id: `${BULK_OUTCOMES_ACTION_ID}:${b.which}`,
    text: { type: 'plain_text' as const, text: b.label },
    value: bulkOutcomesValue(input.runId, b.page, true),
  }));
  return {
    text: truncate(text, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${text}*`, 3000) } },
      ...packLines(lines).map((chunk): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: chunk } })),
      ...(buttons.length > 0 ? [{ type: 'actions' as const, elements: buttons }] : []),
    ],
  };
}
