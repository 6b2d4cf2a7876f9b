import type { KnownBlock } from '@slack/types';
import type { AddressOutcome } from '../services/invitations.js';
import { bulkResultBlocks, type Outcome } from './bulk-result-blocks.js';

/** The per-address result of an invite or resend; says who gets a DM when anyone was invited. */
export function invitationResultBlocks(input: {
  title: string;
  done: AddressOutcome[];
  skipped: AddressOutcome[];
  failed: AddressOutcome[];
  /** Said under the result when something was sent: who gets a DM. */
  footer?: string;
}): { text: string; blocks: KnownBlock[] } {
  const outcomes: Outcome[] = [
    ...input.done.map((o) => ({ subject: o.email, status: 'done' as const, reason: o.reason })),
    ...input.skipped.map((o) => ({ subject: o.email, status: 'skipped' as const, reason: o.reason })),
    ...input.failed.map((o) => ({ subject: o.email, status: 'failed' as const, reason: o.reason })),
  ];
  const result = bulkResultBlocks({ title: input.title, outcomes });
  if (input.footer && input.done.length > 0) result.blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: input.footer }] });
  return result;
}

/** The message a long invite keeps updating while it runs. */
export function invitationProgressBlocks(input: { handled: number; total: number }): { text: string; blocks: KnownBlock[] } {
  const text = `:hourglass_flowing_sand: Inviting ${input.total.toLocaleString('en-US')} people… ${input.handled.toLocaleString('en-US')} done`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'This message shows the result when it is finished. You can keep using ub meanwhile.' }] },
    ],
  };
}
