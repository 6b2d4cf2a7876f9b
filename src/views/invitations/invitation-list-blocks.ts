import type { Button, KnownBlock } from '@slack/types';
import type { PendingInvitation, PendingInvitationPage } from '../../services/invitations/list-pending-invitations.js';
import { invitationLanguageName } from '../../services/domain.js';
import { slackDate } from '../format.js';
import { count } from '../../plural.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

export const INVITATIONS_PAGE_ACTION_ID = 'invitations.page';
export const INVITATION_RESEND_ACTION_ID = 'invitations.resend';
export const INVITATION_CANCEL_ACTION_ID = 'invitations.cancel';
export const INVITATIONS_PAGE_SIZE = 10;

/** What a list button carries: the page it was on (its first email) and, for row buttons, the row. */
export interface PageValue {
  /** Page number, for the "page 2 of 3" line. */
  p: number;
  /** Next page: after this email. */
  a?: string;
  /** Previous page: before this email. */
  b?: string;
  /** The same page again: from this email (inclusive). */
  f?: string;
  /** The invitation a row button acts on. */
  e?: string;
}

/**
 * `/ub invitations`: one page of pending invitations, each with Resend and Cancel, and
 * Previous / Next. Every button carries the page it sits on, so the message is redrawn in
 * place after a click. At most 10 rows × 2 blocks + 3, far below Slack's 50 blocks.
 */
export function invitationListBlocks(input: { page: PendingInvitationPage; pageNumber: number; notice?: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { page, pageNumber } = input;
  const pages = Math.max(1, Math.ceil(page.total / INVITATIONS_PAGE_SIZE));
  const title = `Pending invitations: ${page.total.toLocaleString('en-US')}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*${title}*${page.total > INVITATIONS_PAGE_SIZE ? ` · page ${Math.min(pageNumber, pages)} of ${pages}` : ''}`,
      },
    },
  ];
  if (input.notice)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(input.notice, 2000) }] });
  if (page.invitations.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: page.total === 0 ? 'No pending invitations. `/ub invite` invites people.' : 'Nothing left on this page.',
      },
    });
  }
  const first = page.invitations[0]?.email;
  page.invitations.forEach((invitation, index) => {
    const value = encode({ p: pageNumber, f: first, e: invitation.email });
    blocks.push(
      { type: 'section', text: { type: 'mrkdwn', text: truncate(rowText(invitation), 3000) } },
      {
        type: 'actions',
        elements: [
          button(`${INVITATION_RESEND_ACTION_ID}:${index}`, 'Resend', value),
          {
            ...button(`${INVITATION_CANCEL_ACTION_ID}:${index}`, 'Cancel invitation', value),
            style: 'danger',
            confirm: {
              title: { type: 'plain_text', text: 'Cancel this invitation?' },
              text: {
                type: 'mrkdwn',
                text: truncate(
                  `${escapeMrkdwn(invitation.email)} will no longer be able to join, and the license is freed.`,
                  300,
                ),
              },
              confirm: { type: 'plain_text', text: 'Cancel invitation' },
              deny: { type: 'plain_text', text: 'Keep it' },
            },
          },
        ],
      },
    );
  });
  const nav: Button[] = [];
  const last = page.invitations.at(-1)?.email;
  if (page.hasPrevious && first)
    nav.push(button(`${INVITATIONS_PAGE_ACTION_ID}:prev`, '← Previous', encode({ p: pageNumber - 1, b: first })));
  if (page.hasPrevious && !first)
    nav.push(button(`${INVITATIONS_PAGE_ACTION_ID}:first`, '← First page', encode({ p: 1 })));
  if (page.hasNext && last)
    nav.push(button(`${INVITATIONS_PAGE_ACTION_ID}:next`, 'Next →', encode({ p: pageNumber + 1, a: last })));
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: 'paging', elements: nav });
  return { text: title, blocks };
}

function rowText(invitation: PendingInvitation): string {
  const tags = [
    invitation.licenseType === 'pro' ? 'Pro' : undefined,
    invitation.role === 'admin' ? 'admin' : undefined,
    invitation.language !== 'en' ? `in ${invitationLanguageName(invitation.language)}` : undefined,
  ].filter(Boolean);
  const lines = [`*${escapeMrkdwn(invitation.email)}*${tags.length > 0 ? ` · ${tags.join(' · ')}` : ''}`];
  // Cut here rather than the whole row, so the date token at the end stays whole.
  if (invitation.groups.length > 0)
    lines.push(truncate(`Groups: ${invitation.groups.map((g) => escapeMrkdwn(g.name)).join(', ')}`, 1500));
  const sent =
    invitation.sendCount > 1
      ? `sent ${count(invitation.sendCount, 'time')}, last ${slackDate(invitation.lastSentAt)}`
      : 'sent once';
  lines.push(
    `Invited ${slackDate(invitation.firstSentAt)}${invitation.invitedBy ? ` by ${escapeMrkdwn(invitation.invitedBy)}` : ''} · ${sent}`,
  );
  return lines.join('\n');
}

function button(actionId: string, text: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value };
}

function encode(value: PageValue): string {
  const compact = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  return JSON.stringify(compact);
}
