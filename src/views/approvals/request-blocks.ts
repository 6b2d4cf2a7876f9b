import type { Button, KnownBlock } from '@slack/types';
import type { ApprovalRequest } from '../../services/approvals/request-repository.js';
import type { RequestCost } from '../../services/approvals/request-cost.js';
import { count, formatNumber } from '../../plural.js';
import { slackDate } from '../format.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

export const REQUEST_APPROVE_ACTION_ID = 'approvals.approve';
export const REQUEST_DENY_ACTION_ID = 'approvals.deny';

const e = escapeMrkdwn;

/** What is asked, as a phrase: "add bob@acme.test to *Data* for 30 days". */
export function requestSummary(request: Pick<ApprovalRequest, 'kind' | 'subject'>): string {
  const { email, groupName, days } = request.subject;
  const group = groupName !== undefined ? `*${e(groupName)}*` : '';
  const forDays = days !== undefined ? ` for ${count(days, 'day')}` : '';
  switch (request.kind) {
    case 'group_add':
      return `add ${e(email)} to ${group}${forDays}`;
    case 'invite':
      return `invite ${e(email)}${group ? ` into ${group}` : ''}`;
    case 'license_pro':
      return `give ${e(email)} a Pro license${forDays}`;
    case 'access':
      return `give ${e(email)} a seat (an invitation to ub)`;
  }
}

function costLine(cost: RequestCost): string {
  const seats = `${formatNumber(Math.max(cost.seatsLeftAfter, 0))} ${cost.seatsLeftAfter === 1 ? 'seat' : 'seats'}`;
  const pro = `${formatNumber(Math.max(cost.proSeatsLeftAfter, 0))} Pro ${cost.proSeatsLeftAfter === 1 ? 'seat' : 'seats'}`;
  const waits =
    cost.seatsLeftAfter < 0 || cost.proSeatsLeftAfter < 0
      ? ' · none is free now: approved, it waits for a seat (waitlist)'
      : '';
  const takes =
    cost.seats + cost.proSeats === 0
      ? 'Takes no seat'
      : `Takes ${[cost.seats ? 'a seat' : '', cost.proSeats ? 'a Pro seat' : ''].filter(Boolean).join(' and ')}`;
  return `${takes} · after it: ${seats} and ${pro} left${waits}`;
}

/** "Approved by @ada, Today at 14:02", "Cancelled by the requester", "Expired". */
export function decisionLine(request: ApprovalRequest): string {
  const when = request.decidedAt ? `, ${slackDate(request.decidedAt, 'datetime')}` : '';
  const by = request.decidedBy?.slackUserId
    ? ` by <@${e(request.decidedBy.slackUserId)}>`
    : request.status === 'approved' && request.note
      ? ` by ${e(truncate(request.note, 200))}`
      : '';
  switch (request.status) {
    case 'pending':
      return `Waiting for a decision (expires ${slackDate(request.expiresAt)})`;
    case 'approved':
      return `:white_check_mark: Approved${by}${when}${outcomeText(request)}`;
    case 'denied':
      return `:no_entry_sign: Denied${by}${when}${request.note ? `: “${e(truncate(request.note, 500))}”` : ''}`;
    case 'cancelled':
      return `:heavy_multiplication_x: Cancelled by the requester${when}`;
    case 'expired':
      return `:hourglass: Expired${when}: nobody decided it in time`;
  }
}

function outcomeText(request: ApprovalRequest): string {
  const detail = request.outcomeDetail ? e(truncate(request.outcomeDetail, 300)) : '';
  switch (request.outcome) {
    case 'executed':
      return ` · done${detail ? `: ${detail}` : ''}${request.grantEndsAt ? ` until ${slackDate(request.grantEndsAt)}` : ''}`;
    case 'waitlisted':
      return ' · waiting for a free seat: it is carried out by itself as soon as one frees up';
    case 'failed':
      return ` · failed: ${detail || 'it could not be carried out'}`;
    case undefined:
      return ' · being carried out';
  }
}

/**
 * The approver card: who asks what and why, what it costs, and Approve / Deny while it is
 * pending. Once decided, every copy becomes the same text with no button left.
 */
export function requestCardBlocks(input: {
  request: ApprovalRequest;
  cost: RequestCost | undefined;
  /** Whose approvals this copy stands in for (a delegation), when it does. */
  onBehalfOf?: string;
}): { text: string; blocks: KnownBlock[] } {
  const { request } = input;
  const headline = `<@${e(request.requester.slackUserId)}> asks to ${requestSummary(request)}`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(headline, 3000) } },
    { type: 'section', text: { type: 'mrkdwn', text: `>${e(truncate(request.reason, 2000)).replace(/\n/g, '\n>')}` } },
  ];
  const context = [`Request ${request.code}`];
  if (input.onBehalfOf) context.push(`you decide for <@${e(input.onBehalfOf)}>, who handed you their approvals`);
  if (request.status === 'pending' && input.cost) context.push(costLine(input.cost));
  if (request.status === 'pending' && request.approvalsNeeded > 1)
    context.push(
      request.approvals[0]
        ? `1 of 2 approvals: <@${e(request.approvals[0].slackUserId)}> approved, a second approver decides`
        : 'needs two approvals, from two approvers',
    );
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  if (request.status === 'pending') {
    const value = JSON.stringify({ r: request.id });
    blocks.push({
      type: 'actions',
      block_id: 'decision',
      elements: [
        {
          type: 'button',
          action_id: REQUEST_APPROVE_ACTION_ID,
          text: { type: 'plain_text', text: 'Approve' },
          style: 'primary',
          value,
        },
        {
          type: 'button',
          action_id: REQUEST_DENY_ACTION_ID,
          text: { type: 'plain_text', text: 'Deny' },
          style: 'danger',
          value,
        },
      ],
    });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: decisionLine(request) } });
  return { text: `${headline}: ${request.status}`.slice(0, 3000), blocks };
}

/** What a second click sees: "Already approved by @x, Today at 14:02." Nothing changed. */
export function alreadyDecidedText(request: ApprovalRequest): string {
  const line = decisionLine(request).replace(/^:[a-z_]+: /, '');
  return `Request ${request.code} was decided already: ${line.charAt(0).toLowerCase()}${line.slice(1)}. Nothing changed.`;
}

/** The requester's answer once the request is sent. */
export function requestSentText(input: {
  request: ApprovalRequest;
  approverIds: string[];
  channel: string | undefined;
}): string {
  const to = [
    ...input.approverIds.slice(0, 10).map((id) => `<@${e(id)}>`),
    ...(input.approverIds.length > 10 ? [`${input.approverIds.length - 10} more`] : []),
    ...(input.channel ? [`<#${e(input.channel)}>`] : []),
  ].join(', ');
  return `:outbox_tray: Request ${input.request.code} sent to ${to}: ${requestSummary(input.request)}. You will get a DM with the decision. \`/ub requests cancel ${input.request.code}\` withdraws it.`;
}

/** The requester's DM once a decision (or the clock) ended their request; `place` in the waitlist when it waits. */
export function requestOutcomeDm(request: ApprovalRequest, place?: number): { text: string; blocks: KnownBlock[] } {
  const line = place ? ` You are number ${formatNumber(place)} in line.` : '';
  const text = `Your request ${request.code} to ${requestSummary(request)}: ${decisionLine(request)}.${line}`;
  return {
    text: truncate(text, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}

/** To the first approvers when a request they left waiting goes on to the org admins. */
export function escalationReminderText(request: ApprovalRequest): string {
  return `:bell: Reminder: request ${request.code} from <@${e(request.requester.slackUserId)}> to ${requestSummary(request)} is still waiting for a decision, so it went to the org admins too. You can still decide it from its card or \`/ub requests\`.`;
}

/** The warning a day before a time-bound grant ends, with "Ask to extend" (a request for more days). */
export function grantEndingBlocks(input: { request: ApprovalRequest; extendButton: Button }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { request } = input;
  const ends = request.grantEndsAt ? slackDate(request.grantEndsAt, 'datetime') : 'soon';
  const text = `:hourglass_flowing_sand: What request ${request.code} granted ends ${ends}: ${requestSummary(request)}. Need it longer? Ask to extend.`;
  return {
    text: truncate(text, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
      { type: 'actions', block_id: 'extend', elements: [input.extendButton] },
    ],
  };
}

/** Once the period is over and it was taken back. */
export function grantEndedText(request: ApprovalRequest, detail: string): string {
  return `:hourglass: The time granted by request ${request.code} is over (${requestSummary(request)}): ${e(truncate(detail, 300))}.`;
}

const KIND_NAMES: Record<string, string> = {
  invite: 'invitations',
  group_add: 'joining a group',
  license_pro: 'Pro licenses',
  access: 'seats for oneself',
};

/** `/ub approvals policy`: the settings in force. */
export function approvalPolicyText(
  policy: {
    expireAfterDays: number;
    escalateAfterHours: number;
    twoApprovalsFor: string[];
    channel: string | undefined;
    openGroups: string[];
    accessDomains: string[];
    reclaimPro: { idleDays: number; graceDays: number } | undefined;
  },
  changed: boolean,
): string {
  const two = policy.twoApprovalsFor.map((k) => KIND_NAMES[k] ?? e(k));
  return [
    changed ? ':white_check_mark: Policy changed. It applies to requests asked from now on.' : '*Approvals policy*',
    `• Requests expire after ${count(policy.expireAfterDays, 'day')} without a decision.`,
    `• A request its group admins leave waiting ${count(policy.escalateAfterHours, 'hour')} goes to the org admins too.`,
    `• Two approvals needed for: ${two.length > 0 ? two.join(', ') : 'nothing'}.`,
    `• Requests no group admin can approve go to ${policy.channel ? `<#${e(policy.channel)}>` : 'every admin, by DM'}.`,
    `• Approved at once by policy: joining ${policy.openGroups.length > 0 ? policy.openGroups.map((g) => `*${e(g)}*`).join(', ') : 'no group'}; a seat for ${policy.accessDomains.length > 0 ? policy.accessDomains.map((d) => `@${e(d)}`).join(', ') : 'no email domain'} addresses while seats remain.`,
    policy.reclaimPro
      ? `• Pro licenses with no learning activity for ${count(policy.reclaimPro.idleDays, 'day')} are reclaimed, ${count(policy.reclaimPro.graceDays, 'day')} after a warning their holder can answer "I still need it".`
      : '• Unused Pro licenses are not reclaimed (`reclaim-pro 30` would reclaim those unused for 30 days).',
  ].join('\n');
}
