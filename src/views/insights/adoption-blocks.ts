import type { Button, KnownBlock } from '@slack/types';
import type { FunnelCounts, FunnelReport, StuckPage, StuckStep } from '../../services/insights/funnel.js';
import { formatNumber } from '../../plural.js';
import { nameList, slackDate } from '../format.js';
import { escapeMrkdwn, linesWithin, truncate } from '../mrkdwn.js';

/** "Who is stuck here": the value says the step, the group (when one was asked for) and the page. */
export const ADOPTION_STUCK_ACTION_ID = 'adoption.stuck';

/**
 * "Nudge them" under a stuck list or a funnel step: the nudges feature registers this action id
 * (issue 10, branch digests); its value is a StuckListValue without the cursor.
 */
export const ADOPTION_NUDGE_ACTION_ID = 'adoption.nudge';

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

const STUCK_LABELS: Record<StuckStep, string> = {
  joined: 'Invited, not joined',
  enrolled: 'Joined, not enrolled',
  started: 'Enrolled, no first lecture',
};

const BAR_WIDTH = 20;

/** `/ub adoption` and App Home: the funnel as counts, shares, drop-offs and a bar chart, with the week's change. */
export function adoptionBlocks(report: FunnelReport): { text: string; blocks: KnownBlock[] } {
  const title =
    report.scope === 'organization'
      ? 'Adoption funnel: the organization'
      : `Adoption funnel: ${nameList(
          report.groups.map((g) => g.group.name),
          5,
        )}`;
  const f = report.funnel;
  const rate = f.adoptionRate === undefined ? 'no licenses yet' : percent(f.adoptionRate);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `\`\`\`\n${chartLines(f, report.previous?.funnel).join('\n')}\n\`\`\`` },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Adoption rate:* ${rate} (${formatNumber(f.started)} of ${formatNumber(f.licenses)} ${report.scope === 'organization' ? 'licenses' : 'licensed people'} watched a first lecture)${rateChange(report)}`,
      },
    },
  ];
  const notes: string[] = [];
  if (report.previous) notes.push(`Changes are since the week began (${slackDate(report.previous.week)}).`);
  else notes.push('The change since last week shows once ub has kept a weekly snapshot.');
  if (report.overlapping) notes.push('Groups are added up: someone in two of them counts twice.');
  if (report.scope === 'groups') notes.push('A group’s licenses are its people holding one (members and invitees).');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
  const group = report.scope === 'groups' && report.groups.length === 1 ? report.groups[0]!.group.id : undefined;
  blocks.push({
    type: 'actions',
    elements: (['joined', 'enrolled', 'started'] as const).map((step) =>
      stuckButton(`Who is stuck: ${STUCK_LABELS[step].toLowerCase()}`, { s: step, ...(group ? { g: group } : {}) }),
    ),
  });
  const text = `${escapeMrkdwn(title)}: ${formatNumber(f.started)} of ${formatNumber(f.licenses)} watched a first lecture (${rate}).`;
  return { text: truncate(text, 3000), blocks };
}

/** The bar chart, one line per step: bar, count, share of the step before, drop-off, change this week. */
function chartLines(f: FunnelCounts, previous: FunnelCounts | undefined): string[] {
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

function rateChange(report: FunnelReport): string {
  const now = report.funnel.adoptionRate;
  const then = report.previous?.funnel.adoptionRate;
  if (now === undefined || then === undefined) return '';
  const points = (now - then) * 100;
  return `, ${points >= 0 ? '+' : '−'}${Math.abs(points).toFixed(1)} points this week`;
}

/** A page of the people stuck before a step, with the next page's button. */
export function stuckPeopleBlocks(input: {
  page: StuckPage;
  groupId: string | undefined;
  groupName: string | undefined;
  pageNumber: number;
}): { text: string; blocks: KnownBlock[] } {
  const { page } = input;
  const where = input.groupName ? ` in ${escapeMrkdwn(input.groupName)}` : '';
  const head = `*${STUCK_LABELS[page.step]}*${where} — page ${input.pageNumber}`;
  const since: Record<StuckStep, string> = { joined: 'invited', enrolled: 'joined', started: 'enrolled' };
  const lines =
    page.people.length === 0
      ? [input.pageNumber === 1 ? 'Nobody is stuck here.' : 'Nobody more.']
      : page.people.map((p) => {
          const who = p.name
            ? `${escapeMrkdwn(truncate(p.name, 100))} (${escapeMrkdwn(p.email)})`
            : escapeMrkdwn(p.email);
          return `• ${who}${p.since ? ` — ${since[page.step]} ${slackDate(p.since)}` : ''}`;
        });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: linesWithin([head, ...lines], 3000) } },
  ];
  if (page.hasNext && page.next !== undefined)
    blocks.push({
      type: 'actions',
      elements: [
        stuckButton('Next →', {
          s: page.step,
          ...(input.groupId ? { g: input.groupId } : {}),
          a: page.next,
          p: input.pageNumber + 1,
        }),
      ],
    });
  return {
    text: truncate(
      `${STUCK_LABELS[page.step]}${input.groupName ? ` in ${escapeMrkdwn(input.groupName)}` : ''}: page ${input.pageNumber}`,
      3000,
    ),
    blocks,
  };
}

function stuckButton(text: string, value: StuckListValue): Button {
  return {
    type: 'button',
    action_id: `${ADOPTION_STUCK_ACTION_ID}:${value.s}${value.a !== undefined ? ':next' : ''}`,
    text: { type: 'plain_text', text: truncate(text, 75) },
    value: JSON.stringify(value),
  };
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share >= 0.1 || share === 0 ? 0 : 1)}%`;
}

function signed(n: number): string {
  return n > 0 ? `+${formatNumber(n)}` : n < 0 ? `−${formatNumber(-n)}` : '±0';
}
