import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/** The messages of a bulk run (a durable job): started, progress, paused, stopped. */

const fmt = (n: number) => n.toLocaleString('en-US');

interface Message {
  text: string;
  blocks: KnownBlock[];
}

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, 3000) },
});
const context = (text: string): KnownBlock => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: truncate(text, 2000) }],
});

/**
 * The answer to the command or click that started a run: it has started (0 of N), and where to
 * follow it. Progress goes to a DM from ub rather than to this reply: a reply through the
 * request's response_url lasts 30 minutes and takes 5 posts, too little for a run that may resume
 * on another replica minutes later; a DM can be updated in place for as long as it takes.
 */
export function bulkStartedBlocks(input: {
  title: string;
  total: number;
  handled?: number;
  alreadyStarted?: boolean;
  /** Where the progress message is: a DM from ub, or nowhere (ub cannot DM this person). */
  progressInDm: boolean;
}): Message {
  const handled = input.handled ?? 0;
  const head = input.alreadyStarted ? 'Already started' : 'Started';
  // The title may hold people's text (a group name): escaped, like everything a view shows.
  const text = `:hourglass_flowing_sand: ${head}: ${escapeMrkdwn(input.title)} — ${fmt(handled)} of ${fmt(input.total)} done.`;
  const where = input.progressInDm
    ? 'Progress and the result are in your DM from ub, updated as it goes. You can keep using ub meanwhile.'
    : 'It runs in the background; you can keep using ub meanwhile.';
  return { text, blocks: [section(text), context(where)] };
}

/** The progress message while the items are applied. `note` says why it is waiting, when it is. */
export function bulkProgressBlocks(input: { title: string; handled: number; total: number; note?: string }): Message {
  const text = `:hourglass_flowing_sand: ${escapeMrkdwn(input.title)}… ${fmt(input.handled)} of ${fmt(input.total)} done`;
  const blocks = [section(text)];
  if (input.note) blocks.push(section(`:warning: ${escapeMrkdwn(input.note)}`));
  blocks.push(context('This message shows the result when it is finished. You can keep using ub meanwhile.'));
  return { text, blocks };
}

/**
 * A run that stopped before its end, saying truthfully what was applied: the counts are the
 * run's counters, which move only once a page's outcomes are recorded.
 */
export function bulkStoppedBlocks(input: {
  title: string;
  total: number;
  counts: { done: number; skipped: number; failed: number };
  reason: string;
}): Message {
  const handled = input.counts.done + input.counts.skipped + input.counts.failed;
  const text = `:warning: ${escapeMrkdwn(input.title)} stopped after ${fmt(handled)} of ${fmt(input.total)}: ${escapeMrkdwn(input.reason)}`;
  return {
    text,
    blocks: [
      section(text),
      context(
        `Applied before it stopped: ${fmt(input.counts.done)} done, ${fmt(input.counts.skipped)} skipped, ${fmt(input.counts.failed)} failed. Nothing after that was changed; running the same command again finishes the rest.`,
      ),
    ],
  };
}

/** Appends the delivery phase's line (DMs sent so far) under a result message. */
export function withDeliveryLine(message: Message, line: string | undefined): Message {
  if (!line) return message;
  return { text: message.text, blocks: [...message.blocks, context(line)] };
}
