import type { KnownBlock } from '@slack/types';
import type { ApprovalRequest } from '../../services/approvals/request-repository.js';
import { slackDate } from '../format.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { decisionLine, REQUEST_APPROVE_ACTION_ID, REQUEST_DENY_ACTION_ID, requestSummary } from './request-blocks.js';

export const REQUESTS_PAGE_ACTION_ID = 'approvals.requests_page';

const e = escapeMrkdwn;

/**
 * `/ub requests`: what waits for my decision (with Approve / Deny, as on the cards) and what I
 * asked, a page of each; "Next" buttons carry where each list goes on.
 */
export function requestListBlocks(input: {
  toDecide: ApprovalRequest[];
  asked: ApprovalRequest[];
  nextToDecideValue: string | undefined;
  nextAskedValue: string | undefined;
}): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Waiting for your decision' } }];
  if (input.toDecide.length === 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_Nothing waits for you._' } });
  blocks.push(...requestsToDecideRows(input.toDecide));
  if (input.nextToDecideValue) blocks.push(nextButton('to-decide', input.nextToDecideValue));
  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'What you asked' } });
  if (input.asked.length === 0)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: '_You have not asked for anything. `/ub help request` shows how._' },
    });
  for (const r of input.asked)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*${e(r.code)}* · ${truncate(requestSummary(r), 1000)}\n${decisionLine(r)}` },
    });
  if (input.nextAskedValue) blocks.push(nextButton('asked', input.nextAskedValue));
  return {
    text: `${input.toDecide.length} waiting for your decision, ${input.asked.length} asked by you`,
    blocks,
  };
}

function nextButton(key: string, value: string): KnownBlock {
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: `${REQUESTS_PAGE_ACTION_ID}:${key}`,
        text: { type: 'plain_text', text: 'Next page' },
        value,
      },
    ],
  };
}

/** One row per request waiting for the reader's decision, with the card's Approve / Deny. */
function requestsToDecideRows(requests: ApprovalRequest[]): KnownBlock[] {
  return requests.flatMap((r, n): KnownBlock[] => {
    const value = JSON.stringify({ r: r.id });
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            truncate(`*${e(r.code)}* · <@${e(r.requester.slackUserId)}> asks to ${requestSummary(r)}`, 2900) +
            ` · ${slackDate(r.createdAt)}`,
        },
      },
      {
        type: 'actions',
        block_id: `decide:${n}`,
        elements: [
          {
            type: 'button',
            action_id: `${REQUEST_APPROVE_ACTION_ID}:${n}`,
            text: { type: 'plain_text', text: 'Approve' },
            style: 'primary',
            value,
          },
          {
            type: 'button',
            action_id: `${REQUEST_DENY_ACTION_ID}:${n}`,
            text: { type: 'plain_text', text: 'Deny' },
            style: 'danger',
            value,
          },
        ],
      },
    ];
  });
}

/** The App Home section of an approver: what waits for their decision (nothing when none does). */
export function homeRequestsBlocks(input: { toDecide: ApprovalRequest[]; more: boolean }): KnownBlock[] {
  if (input.toDecide.length === 0) return [];
  return [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'Requests waiting for your decision' } },
    ...requestsToDecideRows(input.toDecide),
    ...(input.more
      ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: '`/ub requests` shows the rest.' }] }]
      : []),
  ];
}
