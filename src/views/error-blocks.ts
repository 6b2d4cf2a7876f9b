import type { KnownBlock } from '@slack/types';
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
