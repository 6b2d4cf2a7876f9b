import type { Button, KnownBlock } from '@slack/types';
import type { Role, LicenseType, UserStatus } from '../../services/domain.js';
import type { UserPage, UserSummary } from '../../services/people/search-users.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { nameList } from '../format.js';
import { ROLE_LABELS } from './user-text.js';

export const USERS_PAGE_ACTION_ID = 'users.page';
export const USERS_OPEN_ACTION_ID = 'users.open';
export const USERS_PAGE_SIZE = 10;

/** The filters of `/ub users`, as the buttons carry them (short keys: a button value holds 2,000 characters). */
export interface UserListFilters {
  q?: string;
  s?: UserStatus;
  g?: string;
  l?: LicenseType;
  r?: Role;
}

/** What a Next / Previous button carries: the filters, the page number, and the email to page from. */
export interface UserPageValue extends UserListFilters {
  p: number;
  a?: string;
  b?: string;
}

/**
 * `/ub users`: one page of people (10), each with an Open button, and Previous / Next that
 * redraw the message in place. At most 10 + 4 blocks.
 */
export function userListBlocks(input: { page: UserPage; filters: UserListFilters; pageNumber: number }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { page, filters, pageNumber } = input;
  const described = describeFilters(filters);
  const title =
    page.users.length === 0 && pageNumber === 1
      ? 'Nobody matches'
      : `People${pageNumber > 1 || page.hasNext ? ` · page ${pageNumber}` : ''}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*${title}*${described ? `\n${described}` : ''}`, 3000) },
    },
  ];
  if (page.users.length === 0) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          pageNumber === 1
            ? 'Try fewer filters or a shorter search. Pending invitations are listed by `/ub invitations`.'
            : 'Nothing left on this page.',
      },
    });
  }
  page.users.forEach((user, index) => {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(rowText(user), 3000) },
      accessory: button(`${USERS_OPEN_ACTION_ID}:${index}`, 'Open', JSON.stringify({ e: user.email })),
    });
  });
  const nav: Button[] = [];
  const first = page.users[0]?.email;
  const last = page.users.at(-1)?.email;
  if (page.hasPrevious && first)
    nav.push(
      button(
        `${USERS_PAGE_ACTION_ID}:prev`,
        '← Previous',
        encode({ ...filters, p: Math.max(1, pageNumber - 1), b: first }),
      ),
    );
  if (pageNumber > 1 && !first)
    nav.push(button(`${USERS_PAGE_ACTION_ID}:first`, '← First page', encode({ ...filters, p: 1 })));
  if (page.hasNext && last)
    nav.push(button(`${USERS_PAGE_ACTION_ID}:next`, 'Next →', encode({ ...filters, p: pageNumber + 1, a: last })));
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: 'paging', elements: nav });
  const text =
    page.users.length === 0 ? 'Nobody matches' : `People: ${page.users.map((u) => escapeMrkdwn(u.email)).join(', ')}`;
  return { text: truncate(text, 3000), blocks };
}

function rowText(user: UserSummary): string {
  const tags: string[] = [];
  if (user.role !== 'user') tags.push(ROLE_LABELS[user.role]);
  if (user.status === 'deactivated') tags.push('deactivated');
  else if (user.licenseType === 'pro') tags.push('Pro');
  const head = `*${escapeMrkdwn(user.name)}*${user.name !== user.email ? ` · ${escapeMrkdwn(user.email)}` : ''}${tags.length > 0 ? ` · ${tags.join(' · ')}` : ''}`;
  return user.groups.length > 0
    ? `${head}\nGroups: ${escapeMrkdwn(
        nameList(
          user.groups.map((g) => g.name),
          5,
        ),
      )}`
    : head;
}

function describeFilters(filters: UserListFilters): string {
  const parts: string[] = [];
  if (filters.q) parts.push(`matching “${escapeMrkdwn(filters.q)}”`);
  if (filters.s) parts.push(filters.s);
  if (filters.l) parts.push(`${filters.l === 'pro' ? 'Pro' : 'standard'} license`);
  if (filters.r) parts.push(`${ROLE_LABELS[filters.r]}s`);
  if (filters.g) parts.push(`in group ${escapeMrkdwn(filters.g)}`);
  return parts.length > 0 ? `Filters: ${parts.join(' · ')}` : '';
}

function button(actionId: string, text: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value };
}

function encode(value: UserPageValue): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
}
