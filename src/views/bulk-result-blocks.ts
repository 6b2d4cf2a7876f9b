import type { KnownBlock } from '@slack/types';
import type { BulkItem, BulkResult } from '../services/domain.js';
import { formatNumber } from '../plural.js';
import { nameList } from './format.js';
import { escapeMrkdwn, packLines, truncate } from './mrkdwn.js';

type ListName = keyof BulkResult;

const heading: Record<ListName, string> = {
  done: ':white_check_mark: Done',
  skipped: ':fast_forward: Skipped',
  failed: ':x: Failed',
};

/**
 * The per-item result of a bulk action, as the service returned it: what was done, skipped (and
 * why), failed (and why). Items that share a reason are listed on one line with the reason said
 * once (the no-license sentence is long; 300 failed rows must not repeat it). Long lists are cut
 * with a count of what is not shown, so a 1,000-address invite stays within Slack's 50 blocks and
 * 3,000 characters per section.
 */
export function bulkResultBlocks(
  input: BulkResult & {
    title: string;
    /** Said under the result when something was done (e.g. who gets a DM). */
    footer?: string;
    maxLinesPerStatus?: number;
  },
): { text: string; blocks: KnownBlock[] } {
  const max = input.maxLinesPerStatus ?? MAX_LINES_PER_STATUS;
  const counts = `${input.done.length} done, ${input.skipped.length} skipped, ${input.failed.length} failed`;
  const summary = `${escapeMrkdwn(input.title)}: ${counts}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(input.title)}*\n${counts}`, 3000) } },
  ];
  for (const list of ['failed', 'skipped', 'done'] as const) {
    const items = input[list];
    if (items.length === 0) continue;
    const lines = byReason(items.slice(0, max)).map(
      ({ labels, reason }) => `• ${nameList(labels, SHARED_REASON_NAMES)}${reason ? ` — ${escapeMrkdwn(reason)}` : ''}`,
    );
    if (items.length > max) lines.push(`_…and ${formatNumber(items.length - max)} more_`);
    const [first, ...rest] = packLines([`*${heading[list]} (${items.length})*`, ...lines]);
    // At most two sections per list keeps the whole message far below 50 blocks.
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: first! } });
    if (rest.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: rest[0]! } });
  }
  if (input.footer && input.done.length > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: input.footer }] });
  return { text: truncate(summary, 3000), blocks };
}

/** How many addresses a line that shares one reason names before "and N more". */
const SHARED_REASON_NAMES = 15;
/** Lines per list before "…and N more". */
const MAX_LINES_PER_STATUS = 40;

/**
 * Whether bulkResultBlocks leaves anything out (a list beyond its lines, a reason shared by more
 * addresses than a line names): then a "Show all" is offered.
 */
export function bulkResultIsCut(result: BulkResult, max = MAX_LINES_PER_STATUS): boolean {
  return (['done', 'skipped', 'failed'] as const).some(
    (list) =>
      result[list].length > max ||
      byReason(result[list].slice(0, max)).some((line) => line.labels.length > SHARED_REASON_NAMES),
  );
}

/**
 * How an item is named in a message: its address (escaped), or, for an @mention that gave no
 * email, the person's mention, which Slack shows as their name (the id is checked to be only an id).
 */
export function bulkItemLabel(item: BulkItem): string {
  return item.slackUserId && /^[UW][A-Z0-9]+$/.test(item.slackUserId)
    ? `<@${item.slackUserId}>`
    : escapeMrkdwn(item.email);
}

/**
 * Items with the same reason gathered on one line, in the order the reasons first appear. Items
 * without a reason (done items usually have none) each keep a line of their own.
 */
function byReason(items: BulkItem[]): Array<{ labels: string[]; reason: string | undefined }> {
  const lines: Array<{ labels: string[]; reason: string | undefined }> = [];
  const shared = new Map<string, string[]>();
  for (const item of items) {
    const existing = item.reason ? shared.get(item.reason) : undefined;
    if (existing) {
      existing.push(bulkItemLabel(item));
      continue;
    }
    const line = { labels: [bulkItemLabel(item)], reason: item.reason };
    if (item.reason) shared.set(item.reason, line.labels);
    lines.push(line);
  }
  return lines;
}
