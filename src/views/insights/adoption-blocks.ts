import type { KnownBlock } from '@slack/types';
import type { FunnelReport, StuckPage, StuckStep } from '../../services/insights/funnel.js';
import { formatNumber } from '../../plural.js';
import { funnelChartLines, percent, stuckButton, stuckButtons, STUCK_LABELS } from '../funnel-chart.js';

export { ADOPTION_STUCK_ACTION_ID, type StuckListValue } from '../funnel-chart.js';
import { nudgeButton } from './nudges/nudge-blocks.js';
import { nameList, slackDate } from '../format.js';
import { escapeMrkdwn, linesWithin, truncate } from '../mrkdwn.js';

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
      text: { type: 'mrkdwn', text: `\`\`\`\n${funnelChartLines(f, report.previous?.funnel).join('\n')}\n\`\`\`` },
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
  blocks.push({ type: 'actions', elements: stuckButtons(group) });
  // Only the steps where someone is stuck: a nudge to nobody is a button that does nothing.
  const nudges = (
    [
      ['joined', f.invited - f.joined],
      ['enrolled', f.joined - f.enrolled],
      ['started', f.enrolled - f.started],
    ] as const
  ).flatMap(([step, stuck], index) => (stuck > 0 ? [nudgeButton(step, group ? [group] : [], index)] : []));
  if (nudges.length > 0) blocks.push({ type: 'actions', elements: nudges });
  const text = `${escapeMrkdwn(title)}: ${formatNumber(f.started)} of ${formatNumber(f.licenses)} watched a first lecture (${rate}).`;
  return { text: truncate(text, 3000), blocks };
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
