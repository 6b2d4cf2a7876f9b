import type { KnownBlock, ModalView } from '@slack/types';
import { escapeMrkdwn, packLines } from './mrkdwn.js';

/**
 * The answer to input ub could not take: what was wrong, the usage line, where to read more.
 * `errorId` is quoted when the failure is ours, so support can find the log line.
 */
export function problemMessage(input: { problems: string[]; usage?: string; helpCommand?: string; errorId?: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  const [first, ...rest] = input.problems;
  const lines = [
    `:warning: ${first ?? 'Something was wrong with that request.'}`,
    ...rest.map((p) => `:warning: ${p}`),
  ];
  const hints: string[] = [];
  if (input.usage) hints.push(`Usage: \`${escapeMrkdwn(input.usage)}\``);
  if (input.helpCommand) hints.push(`\`${input.helpCommand}\` for details`);
  if (input.errorId) hints.push(`Reference: ${input.errorId}`);
  const blocks: KnownBlock[] = packLines(lines).map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
  if (hints.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: hints.join(' · ') }] });
  const text = [lines.join('\n'), ...hints].join('\n');
  return { text: text.slice(0, 3000), blocks };
}

const NOT_SERVED =
  ':no_entry: ub is not set up for this Slack workspace, so nothing was done. Ask whoever runs ub to install it here.';

/** The answer to a request from a workspace this ub does not serve (another team, or one without an installation). */
export function workspaceNotServedMessage(): { text: string; blocks: KnownBlock[] } {
  return { text: NOT_SERVED, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: NOT_SERVED } }] };
}

/** The same, in place of a form submitted from such a workspace. */
export function workspaceNotServedModal(): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'ub' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: NOT_SERVED } }],
  };
}
