import type { KnownBlock } from '@slack/types';
import type { Role, LicenseType } from '../../services/domain.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

export const ACCEPT_INVITATION_ACTION_ID = 'invitation.accept';

const roleLabel: Record<Role, string> = { admin: 'admin', group_admin: 'group admin', user: 'learner' };

export interface InvitationDmInput {
  organizationName: string | undefined;
  /** Who sent (or resent) it, to mention; absent for invitations sent by ub itself. */
  inviterSlackId: string | undefined;
  email: string;
  role: Role;
  licenseType: LicenseType;
  groupNames: string[];
  message: string | undefined;
}

/**
 * The DM an invitee in the workspace gets: who invited them, what they get, the inviter's
 * message, and an Accept button. The button carries nothing: the handler matches the
 * clicker's own Slack profile email, so a forwarded or stale button cannot accept for someone else.
 */
export function invitationDmBlocks(input: InvitationDmInput): { text: string; blocks: KnownBlock[] } {
  const where = input.organizationName ? `*${escapeMrkdwn(input.organizationName)}*` : 'your organization';
  const who = input.inviterSlackId ? `<@${input.inviterSlackId}> invited you` : 'You are invited';
  const license = input.licenseType === 'pro' ? 'a Udemy Business *Pro* license' : 'a Udemy Business license';
  const facts = [`You get ${license} as ${input.role === 'admin' ? 'an' : 'a'} ${roleLabel[input.role]}.`];
  if (input.groupNames.length > 0) facts.push(`Groups: ${input.groupNames.map(escapeMrkdwn).join(', ')}`);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`:mortar_board: ${who} to learn with ${where} on Udemy Business.\n${facts.join('\n')}`, 3000),
      },
    },
  ];
  if (input.message) {
    const quoted = escapeMrkdwn(input.message)
      .split('\n')
      .map((line) => `>${line}`)
      .join('\n');
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(quoted, 3000) } });
  }
  blocks.push(
    {
      type: 'actions',
      block_id: 'invitation',
      elements: [
        {
          type: 'button',
          action_id: ACCEPT_INVITATION_ACTION_ID,
          style: 'primary',
          text: { type: 'plain_text', text: 'Accept invitation' },
          value: 'accept',
        },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(`The invitation is for ${escapeMrkdwn(input.email)}, the email on your Slack profile.`, 2000),
        },
      ],
    },
  );
  return {
    text: truncate(
      `You are invited to learn with ${input.organizationName ? escapeMrkdwn(input.organizationName) : 'your organization'} on Udemy Business`,
      3000,
    ),
    blocks,
  };
}

/** What the DM becomes once accepted, so the button cannot be clicked again. */
export function invitationAcceptedBlocks(input: {
  organizationName: string | undefined;
  role: Role;
  licenseType: LicenseType;
  groupNames: string[];
  alreadyJoined: boolean;
}): { text: string; blocks: KnownBlock[] } {
  const where = input.organizationName ? escapeMrkdwn(input.organizationName) : 'your organization';
  const headline = input.alreadyJoined
    ? `:white_check_mark: You have already joined ${where}; nothing more to do.`
    : `:tada: Welcome! You have joined ${where}.`;
  const lines = [
    headline,
    `You are ${input.role === 'admin' ? 'an' : 'a'} ${roleLabel[input.role]} with ${input.licenseType === 'pro' ? 'a Pro' : 'a standard'} license.`,
  ];
  if (input.groupNames.length > 0) lines.push(`Groups: ${input.groupNames.map(escapeMrkdwn).join(', ')}`);
  return {
    text: input.alreadyJoined
      ? truncate(`You have already joined ${where}`, 3000)
      : truncate(`Welcome to ${where}`, 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: '`/ub user me` shows your profile, groups and license.' }],
      },
    ],
  };
}

/** Said under an invite's result: who gets a DM. */
export const INVITE_DM_FOOTER = 'People who are in this Slack workspace get a DM with an *Accept* button.';

/**
 * The line under a bulk invite's (or resend's) result while its DMs go out, and once they have:
 * Slack lets an app look up about 50 addresses a minute, so a long list takes a while.
 */
export function invitationDeliveryLine(delivery: {
  wanted: number;
  sent: number;
  notSent: number;
  finished: boolean;
}): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  if (!delivery.finished) {
    return `:envelope: Sending the invitation DMs… ${fmt(delivery.sent + delivery.notSent)} of ${fmt(delivery.wanted)} handled (Slack paces the lookups, so a long list takes a while).`;
  }
  const notSent =
    delivery.notSent > 0
      ? `; ${fmt(delivery.notSent)} not sent (not in this Slack workspace, or Slack refused the message)`
      : '';
  return `:envelope: Invitation DMs: ${fmt(delivery.sent)} sent${notSent}.`;
}
