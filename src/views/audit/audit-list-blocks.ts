import type { Button, KnownBlock } from '@slack/types';
import type { AuditLogPage } from '../../services/audit/list-audit-entries.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { auditEntryBlocks, runsOfEntries } from '../audit-sentences.js';

export const AUDIT_PAGE_ACTION_ID = 'audit.page';
export const AUDIT_PAGE_SIZE = 10;

/** What Older / Newer carry: whose log (as resolved), the page number, and the cursor. */
export interface AuditPageValue {
  s?: string;
  p: number;
  a?: string;
  b?: string;
}

/**
 * `/ub audit`: the latest changes as sentences, each with when (in the reader's time zone) and
 * from where, with Newer / Older that redraw in place. At most 10 entries: 2 blocks each, plus
 * the title and the paging buttons, far below Slack's 50.
 */
export function auditListBlocks(input: { page: AuditLogPage; pageNumber: number }): {
  text: string;
  blocks: KnownBlock[];
} {
  const { page, pageNumber } = input;
  const whose = page.subject
    ? ` for ${page.subject.kind === 'group' ? 'group ' : ''}${escapeMrkdwn(page.subject.label)}`
    : '';
  const title = `Audit log${whose}`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(`*${title}*${pageNumber > 1 || page.next ? ` · page ${pageNumber}` : ''} · newest first`, 3000),
      },
    },
  ];
  if (page.entries.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: 'No entries yet.' } });
  for (const run of runsOfEntries(page.entries)) blocks.push(...auditEntryBlocks(run, page.groupNames));
  const nav: Button[] = [];
  const subject = page.subject?.label;
  if (page.previous)
    nav.push(
      button(
        `${AUDIT_PAGE_ACTION_ID}:newer`,
        '← Newer',
        encode({ s: subject, p: Math.max(1, pageNumber - 1), b: page.previous }),
      ),
    );
  if (page.next)
    nav.push(
      button(`${AUDIT_PAGE_ACTION_ID}:older`, 'Older →', encode({ s: subject, p: pageNumber + 1, a: page.next })),
    );
  if (nav.length > 0) blocks.push({ type: 'actions', block_id: 'paging', elements: nav });
  // The fallback text names the log, never a count: a page is not the whole log.
  const plain = page.subject ? `Audit log for ${escapeMrkdwn(page.subject.label)}` : 'Audit log';
  return { text: `${plain}, newest first${pageNumber > 1 ? ` (page ${pageNumber})` : ''}`, blocks };
}

function button(actionId: string, text: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value };
}

function encode(value: AuditPageValue): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
}
