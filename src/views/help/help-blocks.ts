import type { KnownBlock } from '@slack/types';
import type { MyStanding } from '../../services/my-standing.js';
import { escapeMrkdwn, packLines, truncate } from '../mrkdwn.js';
import { howToGetMore, standingIntro } from '../standing-text.js';

export interface HelpEntry {
  usage: string;
  summary: string;
  details: string[];
  /** Who may run it, in words ("everyone", "admins", …), from services/authorization.ts. */
  who: string;
  reply: 'ephemeral' | 'in_channel';
  hasModal: boolean;
}

const FOOTER =
  '`/ub help &lt;command&gt;` explains one; `/ub help group` lists the group commands. Most commands open a form when you give them no arguments. Replies are visible only to you unless a command says otherwise.';

/**
 * `/ub help`: what this person can do, from the same definitions that parse the commands, with
 * a line on how to get more. Without a standing (the database is down) it lists every command
 * with who may run it.
 */
export function helpOverviewBlocks(input: { entries: HelpEntry[]; standing: MyStanding | undefined }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { standing } = input;
  const lines = input.entries.map((e) => entryLine(e, standing === undefined));
  const intro = standing
    ? standingIntro(standing)
    : 'ub cannot look you up right now, so here is every command and who may run it.';
  const more = standing ? howToGetMore(standing) : undefined;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: standing ? 'What you can do in ub' : 'ub commands' } },
    section(intro),
    ...packLines(lines).map(section),
  ];
  if (more) blocks.push(section(more));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: FOOTER }] });
  return { text: standing ? 'What you can do in ub' : 'ub commands', blocks };
}

/** `/ub help group` (and `/ub group` alone): the commands of one family, with who may run each. */
export function helpFamilyBlocks(family: string, entries: HelpEntry[]): { text: string; blocks: KnownBlock[] } {
  const title = `/ub ${family} commands`;
  return {
    text: escapeMrkdwn(title),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: title.slice(0, 150) } },
      ...packLines(entries.map((e) => entryLine(e, true))).map(section),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `\`/ub help ${escapeMrkdwn(family)} &lt;command&gt;\` explains one. Run one without arguments to fill a form instead.`,
          },
        ],
      },
    ],
  };
}

/** `/ub help <subcommand>`: usage, what it does, who may run it, who sees the answer. */
export function helpDetailBlocks(entry: HelpEntry): { text: string; blocks: KnownBlock[] } {
  const facts = [
    `*Who can run it:* ${entry.who}`,
    `*Who sees the reply:* ${entry.reply === 'ephemeral' ? 'only you' : 'everyone in the channel'}`,
  ];
  if (entry.hasModal) facts.push('*Form:* run it without arguments to fill a form instead');
  // Summaries and details are written with backticks for commands, and `<email>` for what to type: escaped like the rest.
  const details = entry.details.map((d) => `• ${escapeMrkdwn(d)}`);
  return {
    text: `${entry.usage}: ${entry.summary}`,
    blocks: [
      section(`\`${escapeMrkdwn(entry.usage)}\`\n${escapeMrkdwn(entry.summary)}`),
      ...packLines([...details, ...facts]).map(section),
    ],
  };
}

function entryLine(entry: HelpEntry, withWho: boolean): string {
  const who = withWho && entry.who !== 'everyone' ? ` _(${entry.who})_` : '';
  return `\`${escapeMrkdwn(entry.usage)}\`${who}\n        ${escapeMrkdwn(entry.summary)}`;
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}
