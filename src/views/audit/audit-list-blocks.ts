import type { Button, KnownBlock } from '@slack/types';
import type { AuditLogEntry, AuditLogPage } from '../../services/audit/list-audit-entries.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { slackDate } from '../format.js';

export const AUDIT_PAGE_ACTION_ID = 'audit.page';
export const AUDIT_PAGE_SIZE = 10;

/** What Older / Newer carry: whose log (as resolved), the page number, and the cursor. */
export interface AuditPageValue {
  s?: string;
  p: number;
  a?: string;
  b?: string;
}

/** `/ub audit`: the latest entries, one section each, with Newer / Older that redraw in place. */
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
  for (const entry of page.entries)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(entryText(entry), 3000) } });
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
  const plain = page.subject ? `Audit log for ${escapeMrkdwn(page.subject.label)}` : 'Audit log';
  return { text: `${plain}: ${page.entries.length} entr${page.entries.length === 1 ? 'y' : 'ies'}`, blocks };
}

function entryText(entry: AuditLogEntry): string {
  const actor = entry.actor.slackUserId ? `<@${entry.actor.slackUserId}>` : escapeMrkdwn(entry.actor.email ?? 'ub');
  const lines = [
    `*${escapeMrkdwn(truncate(entry.action, 100))}* · ${escapeMrkdwn(truncate(entry.targetLabel, 300))}`,
    `by ${actor} (${escapeMrkdwn(entry.actor.role)}) · ${slackDate(entry.at, 'datetime')} · via ${entry.source}`,
  ];
  const changes = changeText(entry.before, entry.after);
  if (changes) lines.push(changes);
  return lines.join('\n');
}

/** `key: before → after` for what changed, each value cut short. */
function changeText(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const parts = keys
    .filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]))
    .map((key) => {
      const from = before && key in before ? value(before[key]) : undefined;
      const to = after && key in after ? value(after[key]) : undefined;
      if (from === undefined) return `${key}: ${to}`;
      if (to === undefined) return `${key}: ${from} → (removed)`;
      return `${key}: ${from} → ${to}`;
    });
  return truncate(escapeMrkdwn(parts.join(' · ')), 1500);
}

function value(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return truncate(text, 120);
}

function button(actionId: string, text: string, value: string): Button {
  return { type: 'button', action_id: actionId, text: { type: 'plain_text', text }, value };
}

function encode(value: AuditPageValue): string {
  return JSON.stringify(Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)));
}
