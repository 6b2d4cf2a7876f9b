import type { Button } from '@slack/types';
import type { FunnelCounts, StuckStep } from '../services/insights/funnel.js';
import { formatNumber } from '../plural.js';
import { truncate } from './mrkdwn.js';

/**
 * The adoption funnel drawn for a message or App Home (shared by `/ub adoption`, App Home and, later,
 * digests): a monospace bar chart and the "Who is stuck" buttons.
 */

/** "Who is stuck here": the value says the step, the group (when one was asked for) and the page. */
export const ADOPTION_STUCK_ACTION_ID = 'adoption.stuck';

/** What travels in a stuck-list button: the step, the group id, the cursor, and the page number. */
export interface StuckListValue {
  s: StuckStep;
  g?: string;
  a?: string;
  p?: number;
}

const STEPS: Array<{ key: keyof Omit<FunnelCounts, 'adoptionRate'>; label: string }> = [
  { key: 'licenses', label: 'Licenses' },
  { key: 'invited', label: 'Invited' },
  { key: 'joined', label: 'Joined' },
  { key: 'enrolled', label: 'Enrolled' },
  { key: 'started', label: 'First lecture' },
];

export const STUCK_LABELS: Record<StuckStep, string> = {
  joined: 'Invited, not joined',
  enrolled: 'Joined, not enrolled',
  started: 'Enrolled, no first lecture',
};

const BAR_WIDTH = 20;

/** The bar chart, one line per step: bar, count, share of the step before, drop-off, change this week. */
export function funnelChartLines(f: FunnelCounts, previous: FunnelCounts | undefined): string[] {
  const top = Math.max(1, ...STEPS.map((s) => f[s.key]));
  return STEPS.map(({ key, label }, i) => {
    const value = f[key];
    const filled = Math.round((value / top) * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const before = i > 0 ? f[STEPS[i - 1]!.key] : undefined;
    const share = before === undefined ? '' : before > 0 ? ` ${percent(value / before).padStart(4)}` : '    –';
    const drop = before === undefined ? '' : `  −${formatNumber(Math.max(0, before - value))}`;
    const change = previous ? `  (${signed(value - previous[key])} this week)` : '';
    return `${label.padEnd(13)} ${bar} ${formatNumber(value).padStart(7)}${share}${drop}${change}`;
  });
}

/** The three "Who is stuck" buttons of a funnel (for one group when `groupId` is given). */
export function stuckButtons(groupId: string | undefined): Button[] {
  return (['joined', 'enrolled', 'started'] as const).map((step) =>
    stuckButton(`Who is stuck: ${STUCK_LABELS[step].toLowerCase()}`, { s: step, ...(groupId ? { g: groupId } : {}) }),
  );
}

export function stuckButton(text: string, value: StuckListValue): Button {
  return {
    type: 'button',
    action_id: `${ADOPTION_STUCK_ACTION_ID}:${value.s}${value.a !== undefined ? ':next' : ''}`,
    text: { type: 'plain_text', text: truncate(text, 75) },
    value: JSON.stringify(value),
  };
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '±0';
}
