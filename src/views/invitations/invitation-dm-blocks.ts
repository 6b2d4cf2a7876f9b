import type { KnownBlock } from '@slack/types';
import { invitationLanguageName, type InvitationLanguage, type Role, type LicenseType } from '../../services/domain.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { textsFor } from './invitation-texts.js';

export const ACCEPT_INVITATION_ACTION_ID = 'invitation.accept';

export interface InvitationDmInput {
  organizationName: string | undefined;
  /** Who sent (or resent) it, to mention; absent for invitations sent by ub itself. */
  inviterSlackId: string | undefined;
  email: string;
  role: Role;
  licenseType: LicenseType;
  groupNames: string[];
  message: string | undefined;
  /** The language it is written in (English for languages ub has no texts for, saying so). */
  language: string;
  /** The organization's learning site (UB_LEARNING_URL), where the courses are. */
  learningUrl: string | undefined;
}

/** `<url|url>`: a link that shows where it goes. */
function link(url: string): string {
  return `<${url}|${escapeMrkdwn(url)}>`;
}

/**
 * The DM an invitee in the workspace gets, in the invitation's language: who invited them, what
 * they get, the inviter's message, where the courses are, and an Accept button. The button
 * carries nothing: the handler matches the clicker's own Slack profile email, so a forwarded or
 * stale button cannot accept for someone else.
 */
export function invitationDmBlocks(input: InvitationDmInput): { text: string; blocks: KnownBlock[] } {
  const { texts, fallbackNote } = textsFor(input.language);
  const where = input.organizationName ? `*${escapeMrkdwn(input.organizationName)}*` : texts.yourOrganization;
  const headline = input.inviterSlackId ? texts.invitedBy(`<@${input.inviterSlackId}>`, where) : texts.invited(where);
  const facts = [texts.youGet(input.licenseType === 'pro', input.role)];
  if (input.groupNames.length > 0) facts.push(`${texts.groups}: ${input.groupNames.map(escapeMrkdwn).join(', ')}`);
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`:mortar_board: ${headline}\n${facts.join('\n')}`, 3000) },
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
          text: { type: 'plain_text', text: texts.accept },
          value: 'accept',
        },
      ],
    },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: truncate(
            [
              texts.forEmail(escapeMrkdwn(input.email)),
              input.learningUrl ? texts.learnAt(link(input.learningUrl)) : texts.learnAsk,
              ...(fallbackNote ? [fallbackNote] : []),
            ].join(' '),
            2000,
          ),
        },
      ],
    },
  );
  return {
    text: truncate(
      texts.title(input.organizationName ? escapeMrkdwn(input.organizationName) : texts.yourOrganization),
      3000,
    ),
    blocks,
  };
}

/**
 * What an earlier invitation DM becomes when the invitation is sent again: the same invitation
 * without its Accept button, pointing to the newest DM, so only one live Accept remains.
 */
export function invitationSentAgainBlocks(input: InvitationDmInput): { text: string; blocks: KnownBlock[] } {
  const { texts } = textsFor(input.language);
  const original = invitationDmBlocks(input);
  return {
    text: original.text,
    blocks: [
      ...original.blocks.filter((block) => block.type !== 'actions'),
      { type: 'context', elements: [{ type: 'mrkdwn', text: texts.sentAgain }] },
    ],
  };
}

/** What the DM becomes once accepted, in the invitation's language: the welcome, and where to learn. */
export function invitationAcceptedBlocks(input: {
  organizationName: string | undefined;
  role: Role;
  licenseType: LicenseType;
  groupNames: string[];
  alreadyJoined: boolean;
  language: string;
  learningUrl: string | undefined;
}): { text: string; blocks: KnownBlock[] } {
  const { texts } = textsFor(input.language);
  const where = input.organizationName ? escapeMrkdwn(input.organizationName) : texts.yourOrganization;
  const headline = input.alreadyJoined ? texts.alreadyJoined(where) : texts.welcome(where);
  const lines = [headline, texts.youAre(input.role, input.licenseType === 'pro')];
  if (input.groupNames.length > 0) lines.push(`${texts.groups}: ${input.groupNames.map(escapeMrkdwn).join(', ')}`);
  if (input.learningUrl) lines.push(texts.startLearning(link(input.learningUrl)));
  return {
    text: truncate(headline.replace(/^:[a-z_]+: /, ''), 3000),
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: texts.profileHint }] },
    ],
  };
}

/** Said under an invite's result: who gets a DM. */
export const INVITE_DM_FOOTER = 'People who are in this Slack workspace get a DM with an *Accept* button.';

/** The footer of an invite result: who gets a DM, and in which language it is written. */
export function inviteDmFooter(language: InvitationLanguage | undefined): string {
  if (!language || language === 'en') return INVITE_DM_FOOTER;
  const { fallbackNote } = textsFor(language);
  const name = invitationLanguageName(language);
  return fallbackNote
    ? `${INVITE_DM_FOOTER} ub has no ${name} text yet, so the DM is in English.`
    : `${INVITE_DM_FOOTER} The DM is in ${name}.`;
}

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
