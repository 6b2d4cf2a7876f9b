import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, packLines } from '../mrkdwn.js';

export interface HelpEntry {
  usage: string;
  summary: string;
  details: string[];
  audience: 'everyone' | 'admins' | 'admins and group admins';
  reply: 'ephemeral' | 'in_channel';
  hasModal: boolean;
}

const audienceNote: Record<HelpEntry['audience'], string> = {
  everyone: '',
  admins: ' _(admins)_',
  'admins and group admins': ' _(admins, group admins)_',
};

/** `/ub help`: every subcommand on one line, from the same definitions that parse them. */
export function helpOverviewBlocks(entries: HelpEntry[]): { text: string; blocks: KnownBlock[] } {
  const lines = entries.map(
    (e) => `\`${escapeMrkdwn(e.usage)}\`${audienceNote[e.audience]}\n        ${escapeMrkdwn(e.summary)}`,
  );
  return {
    text: 'ub commands',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'ub commands' } },
      ...packLines(lines).map((text): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '`/ub help &lt;command&gt;` for details. Most commands open a form when you give them no arguments. Replies are visible only to you unless a command says otherwise.',
          },
        ],
      },
    ],
  };
}

/** `/ub help <subcommand>`: usage, what it does, who may run it, who sees the answer. */
export function helpDetailBlocks(entry: HelpEntry): { text: string; blocks: KnownBlock[] } {
  const facts = [
    `*Who can run it:* ${entry.audience === 'everyone' ? 'everyone' : entry.audience}`,
    `*Who sees the reply:* ${entry.reply === 'ephemeral' ? 'only you' : 'everyone in the channel'}`,
  ];
  if (entry.hasModal) facts.push('*Form:* run it without arguments to fill a form instead');
  // Summaries and details are written with backticks for commands, and `<email>` for what to type: escaped like the rest.
  const details = entry.details.map((d) => `• ${escapeMrkdwn(d)}`);
  return {
    text: `${entry.usage}: ${entry.summary}`,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `\`${escapeMrkdwn(entry.usage)}\`\n${escapeMrkdwn(entry.summary)}` },
      },
      ...packLines([...details, ...facts]).map((text): KnownBlock => ({
        type: 'section',
        text: { type: 'mrkdwn', text },
      })),
    ],
  };
}
