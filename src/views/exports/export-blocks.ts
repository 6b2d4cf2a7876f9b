import type { KnownBlock, ModalView } from '@slack/types';
import { EXPORT_REPORT_NAMES, type ExportFileKind, type ExportReport } from '../../services/domain.js';
import { formatNumber } from '../../plural.js';
import { slackDate } from '../format.js';
import { modal } from '../modal-view.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

export const EXPORT_MODAL_CALLBACK_ID = 'export.submit';
/** The download button opens its URL in the browser; Slack still sends ub the click, which is acknowledged and ignored. */
export const EXPORT_DOWNLOAD_ACTION_ID = 'export.download';

/** What the export is of, in words: "Licensed users of *Data Eng*, joined since 2026-11-01". */
export interface ExportDescription {
  report: ExportFileKind;
  groupName?: string | undefined;
  status?: string | undefined;
  since?: Date | undefined;
}

function describe(input: ExportDescription): string {
  const parts = [`*${EXPORT_REPORT_NAMES[input.report]}*`];
  if (input.groupName !== undefined) parts.push(`of *${escapeMrkdwn(truncate(input.groupName, 100))}*`);
  if (input.status !== undefined) parts.push(`(${escapeMrkdwn(input.status)} only)`);
  if (input.since !== undefined) parts.push(`since ${input.since.toISOString().slice(0, 10)}`);
  return parts.join(' ');
}

/** The command's answer: the work happens in the background and ends in a DM. */
export function exportStartedText(input: ExportDescription): string {
  return `:hourglass_flowing_sand: Exporting ${describe(input)}. I'll DM you the file when it is ready.`;
}

/** "12.3 MB", "840 B": the size as people read it. */
function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface ExportReady extends ExportDescription {
  rows: number;
  bytes: number;
  /** The signed link; none when the file is uploaded into the DM instead. */
  url?: string | undefined;
  expiresAt: Date;
}

/** The one DM of a finished export: what it is, rows, size, and the link (or, in Socket Mode, the file below it). */
export function exportReadyBlocks(input: ExportReady): { text: string; blocks: KnownBlock[] } {
  const facts = `${formatNumber(input.rows)} ${input.rows === 1 ? 'row' : 'rows'} · ${fileSize(input.bytes)} · CSV (UTF-8)`;
  const text = `Your export of ${describe(input)} is ready: ${facts}.`;
  const where = input.url
    ? `The link is yours alone and works until ${slackDate(input.expiresAt, 'datetime')}.`
    : 'The file is attached below.';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:page_facing_up: ${text}\n${where}` } },
      ...(input.url
        ? [
            {
              type: 'actions' as const,
              elements: [
                {
                  type: 'button' as const,
                  action_id: EXPORT_DOWNLOAD_ACTION_ID,
                  text: { type: 'plain_text' as const, text: 'Download the file' },
                  url: input.url,
                  style: 'primary' as const,
                },
              ],
            },
          ]
        : []),
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Dates are ISO 8601 in UTC. Cells that a spreadsheet would read as a formula start with an apostrophe.',
          },
        ],
      },
    ],
  };
}

/** The one DM of an export that failed: why, and that nothing was kept. */
export function exportFailedBlocks(input: ExportDescription & { reason: string }): {
  text: string;
  blocks: KnownBlock[];
} {
  const text = `Your export of ${describe(input)} failed: ${truncate(input.reason, 1000)}`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:warning: ${text}\nNo file was kept. Run \`/ub export\` again when it is fixed.`,
        },
      },
    ],
  };
}

/** `/ub export` without arguments: which report (of those the person may export, at least one), and the optional filters. */
export function exportModalView(input: { reports: readonly ExportReport[] }): ModalView {
  const options = input.reports.map((report) => ({
    text: { type: 'plain_text' as const, text: EXPORT_REPORT_NAMES[report] },
    value: report,
  }));
  return modal(EXPORT_MODAL_CALLBACK_ID, 'Export a report', 'Export', [
    {
      type: 'input',
      block_id: 'report',
      label: { type: 'plain_text', text: 'Report' },
      element: { type: 'static_select', action_id: 'report', options, initial_option: options[0]! },
    },
    {
      type: 'input',
      block_id: 'group',
      optional: true,
      label: { type: 'plain_text', text: 'Only this group' },
      element: { type: 'plain_text_input', action_id: 'group', max_length: 100 },
    },
    {
      type: 'input',
      block_id: 'since',
      optional: true,
      label: { type: 'plain_text', text: 'Since (YYYY-MM-DD)' },
      hint: {
        type: 'plain_text',
        text: 'People who joined (pending: were invited; deactivated: were deactivated) on or after this day, UTC.',
      },
      element: { type: 'plain_text_input', action_id: 'since', max_length: 10 },
    },
  ]);
}
