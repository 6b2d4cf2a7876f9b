import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, packLines } from './mrkdwn.js';

export type OutcomeStatus = 'done' | 'skipped' | 'failed';

export interface Outcome {
  subject: string;
  status: OutcomeStatus;
  reason?: string;
}

const heading: Record<OutcomeStatus, string> = { done: ':white_check_mark: Done', skipped: ':fast_forward: Skipped', failed: ':x: Failed' };

/**
 * The per-item result of a bulk action: what was done, skipped (and why), failed (and why).
 * Long lists are cut with a count of what is not shown, so a 1,000-address invite stays within
 * Slack's 50 blocks and 3,000 characters per section.
 */
export function bulkResultBlocks(input: { title: string; outcomes: Outcome[]; maxLinesPerStatus?: number }): {
  text: string;
  blocks: KnownBlock[];
} {
  const max = input.maxLinesPerStatus ?? 40;
  const counts = { done: 0, skipped: 0, failed: 0 };
  for (const o of input.outcomes) counts[o.status]++;
  const summary = `${input.title}: ${counts.done} done, ${counts.skipped} skipped, ${counts.failed} failed`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(input.title)}*\n${summary.slice(input.title.length + 2)}` } }];
  for (const status of ['failed', 'skipped', 'done'] as const) {
    const items = input.outcomes.filter((o) => o.status === status);
    if (items.length === 0) continue;
    const lines = items.slice(0, max).map((o) => `• ${escapeMrkdwn(o.subject)}${o.reason ? ` — ${escapeMrkdwn(o.reason)}` : ''}`);
    if (items.length > max) lines.push(`_…and ${items.length - max} more_`);
    const [first, ...rest] = packLines([`*${heading[status]} (${items.length})*`, ...lines]);
    // At most two sections per status keeps the whole message far below 50 blocks.
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: first! } });
    if (rest.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: rest[0]! } });
  }
  return { text: summary, blocks };
}
