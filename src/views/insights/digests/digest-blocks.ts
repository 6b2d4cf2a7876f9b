import type { KnownBlock } from '@slack/types';
import { count, formatNumber } from '../../../plural.js';
import type { DigestContent } from '../../../services/insights/digests/digest-content.js';
import { nameList } from '../../format.js';
import { escapeMrkdwn, truncate } from '../../mrkdwn.js';
import { nudgeButton } from '../nudges/nudge-blocks.js';

const STEPS = [
  ['licenses', 'Licenses'],
  ['invited', 'Invitations sent'],
  ['joined', 'Joined'],
  ['enrolled', 'Enrolled in a course'],
  ['started', 'Watched a first lecture'],
] as const;

const STUCK_WORDS = {
  joined: 'have not accepted their invitation',
  enrolled: 'joined but have not picked a course',
  started: 'enrolled but have not watched a lecture',
} as const;

/** The funnel's steps in words, for the chart's bars. */
export const DIGEST_STEP_LABELS = STEPS.map(([, label]) => label);

function percent(rate: number | undefined): string {
  return rate === undefined ? 'n/a' : `${(Math.round(rate * 1000) / 10).toString()}%`;
}

function change(now: number, before: number | undefined): string {
  if (before === undefined) return '';
  const delta = now - before;
  return delta === 0 ? ' (=)' : ` (${delta > 0 ? '+' : '−'}${formatNumber(Math.abs(delta))})`;
}

function scopeText(groupNames: string[]): string {
  return groupNames.length === 0
    ? 'the organization'
    : nameList(groupNames.map((n) => `*${truncate(escapeMrkdwn(n), 120)}*`));
}

/** The figures in words: the picture's alt text and the notification, so the digest reads without it. */
export function digestSummaryText(content: DigestContent): string {
  const f = content.funnel;
  return `Weekly digest: ${formatNumber(f.started)} of ${formatNumber(f.licenses)} licenses in use watched a first lecture (adoption ${percent(content.adoptionRate)}); ${formatNumber(f.invited)} invited, ${formatNumber(f.joined)} joined, ${formatNumber(f.enrolled)} enrolled`;
}

/**
 * The weekly digest: the funnel with its change since last week, who joined, who is stuck where,
 * and the chart (an uploaded file, shown by its id) when there is one.
 */
export function digestMessageBlocks(
  content: DigestContent,
  chart: { fileId: string } | undefined,
): { text: string; blocks: KnownBlock[] } {
  const f = content.funnel;
  const before = content.lastWeek;
  const lines = STEPS.map(([key, label]) => `${label}: *${formatNumber(f[key])}*${change(f[key], before?.[key])}`);
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: 'Your weekly learning digest' },
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `Adoption funnel of ${scopeText(content.groupNames)}: adoption *${percent(content.adoptionRate)}*\n${lines.join('\n')}`,
          3000,
        ),
      },
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text:
            before === undefined
              ? 'Changes since last week show from next week on (ub keeps one reading a week).'
              : 'Figures in brackets: the change since the week began.',
        },
      ],
    },
    { type: 'section', text: { type: 'mrkdwn', text: joinersText(content.highlights) } },
  ];
  if (content.highlights.courses.length > 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: topCoursesText(content.highlights) } });
  const stuck = content.stuck.filter((s) => s.count > 0);
  if (stuck.length > 0) {
    const rows = stuck.map((s) => {
      const names = s.people.map((p) => escapeMrkdwn(truncate(p.name ?? p.email, 80)));
      const more = s.count > names.length ? `, and ${formatNumber(s.count - names.length)} more` : '';
      return `• ${count(s.count, 'person', 'people')} ${STUCK_WORDS[s.step]}${names.length > 0 ? `: ${names.join(', ')}${more}` : ''}`;
    });
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*Who is stuck*\n${rows.join('\n')}`, 3000) },
    });
    blocks.push({ type: 'actions', elements: stuck.map((s, i) => nudgeButton(s.step, content.groupIds, i)) });
  } else {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Nobody is stuck: everyone invited has started learning.' },
    });
  }
  const summary = digestSummaryText(content);
  if (chart)
    blocks.push({
      type: 'image',
      slack_file: { id: chart.fileId },
      alt_text: truncate(summary, 2000),
      title: { type: 'plain_text', text: 'Adoption funnel and 8-week trend' },
    });
  return { text: summary, blocks };
}

/** Who joined in the highlights' week, by name (escaped: a name never pings anyone), then how many more. */
function joinersText(h: DigestContent['highlights']): string {
  if (h.joinedCount === 0) return '*Who joined* in the last 7 days: nobody.';
  const names = h.joined.map((j) => escapeMrkdwn(truncate(j.name, 80)));
  const more = h.joinedCount - names.length;
  const list = more > 0 ? `${names.join(', ')} and ${formatNumber(more)} more` : nameList(names);
  return truncate(`*Who joined* in the last 7 days (${formatNumber(h.joinedCount)}): ${list}`, 3000);
}

/** The week's most active courses with their enrolled, active and completed counts (rules file: course insights). */
function topCoursesText(h: DigestContent['highlights']): string {
  const rows = h.courses.map(
    (c) =>
      `• *${escapeMrkdwn(truncate(c.title, 150))}*: ${count(c.active, 'active learner')}, ${formatNumber(c.enrolled)} enrolled, ${formatNumber(c.completed)} completed`,
  );
  return truncate(`*Top courses* in the last 7 days\n${rows.join('\n')}`, 3000);
}

/** The DM to a subscription's owner when ub paused it. */
export function digestPausedText(input: { destination: string; channel: boolean; reason: string }): string {
  const where = input.channel ? `<#${input.destination}>` : 'your DM';
  return `:double_vertical_bar: ub paused your weekly digest to ${where}: ${escapeMrkdwn(truncate(input.reason, 300))}. Fix that (for a channel: unarchive it or add ub to it), then \`/ub digest subscribe\` again to resume.`;
}
