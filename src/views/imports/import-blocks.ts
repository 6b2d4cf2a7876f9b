import type { KnownBlock, ModalView } from '@slack/types';
import { count, formatNumber } from '../../plural.js';
import { confirmationBlocks } from '../confirmation-blocks.js';
import { modal } from '../modal-view.js';
import { escapeMrkdwn, linesWithin, truncate } from '../mrkdwn.js';

export const IMPORT_MODAL_CALLBACK_ID = 'import.submit';
export const IMPORT_CONFIRM_ACTION_ID = 'import.confirm';

/** How many problems the preview lists (the result file has every row). */
export const PREVIEW_PROBLEMS = 20;

/** An import form's one CSV file (block and action `file`), with what its columns must be. */
export function csvFileInput(hint: string): KnownBlock {
  return {
    type: 'input',
    block_id: 'file',
    label: { type: 'plain_text', text: 'CSV file' },
    hint: { type: 'plain_text', text: hint.slice(0, 2000) },
    element: { type: 'file_input', action_id: 'file', filetypes: ['csv', 'txt', 'tsv'], max_files: 1 },
  };
}

/** `/ub import users`: the CSV, whether its groups column is authoritative, and the invitations' message. */
export function importModalView(input: { messageMax: number }): ModalView {
  return modal(IMPORT_MODAL_CALLBACK_ID, 'Import people', 'Preview', [
    csvFileInput(
      'Columns: email, and any of role, groups, group admin for, license (groups separated by ;). UTF-8, up to 20 MB and 100,000 rows.',
    ),
    {
      type: 'input',
      block_id: 'authoritative',
      optional: true,
      label: { type: 'plain_text', text: 'Groups' },
      element: {
        type: 'checkboxes',
        action_id: 'authoritative',
        options: [
          {
            text: { type: 'plain_text', text: 'Also remove people from groups the file does not list' },
            value: 'yes',
          },
        ],
      },
    },
    {
      type: 'input',
      block_id: 'message',
      optional: true,
      label: { type: 'plain_text', text: 'Message' },
      hint: { type: 'plain_text', text: 'Shown in the invitation of each new person the file invites.' },
      element: { type: 'plain_text_input', action_id: 'message', multiline: true, max_length: input.messageMax },
    },
  ]);
}

export interface ImportPreview {
  fileName: string;
  rows: number;
  counts: {
    invite: number;
    reactivate: number;
    update: number;
    unchanged: number;
    problems: number;
    addedToGroups: number;
    removedFromGroups: number;
    roleChanges: number;
    proGiven: number;
    groupAdminAssignments: number;
  };
  seats: { needed: number; free: number; proNeeded: number; proFree: number };
  problems: Array<{ row: number; email: string; reason: string }>;
  authoritative: boolean;
}

/** The dry run: what would change, the licenses it needs, the first problems; Confirm applies it. */
export function importPreviewBlocks(
  preview: ImportPreview,
  confirmValue: string,
): { text: string; blocks: KnownBlock[] } {
  const c = preview.counts;
  const changes = [
    `${count(c.invite, 'new person', 'new people')} invited`,
    `${count(c.reactivate, 'person', 'people')} reactivated`,
    `${count(c.update, 'person', 'people')} updated: ${formatNumber(c.addedToGroups)} added to groups, ${formatNumber(c.removedFromGroups)} removed from groups, ${formatNumber(c.roleChanges)} role changes, ${formatNumber(c.proGiven)} Pro licenses, ${formatNumber(c.groupAdminAssignments)} group-admin assignments`,
    `${count(c.unchanged, 'row')} with nothing to change`,
    `${count(c.problems, 'row')} that cannot be applied`,
  ];
  const seatLine =
    `Licenses: ${formatNumber(preview.seats.needed)} needed, ${formatNumber(preview.seats.free)} free` +
    (preview.seats.proNeeded > 0
      ? `; Pro: ${formatNumber(preview.seats.proNeeded)} needed, ${formatNumber(preview.seats.proFree)} free`
      : '') +
    (preview.seats.needed > preview.seats.free
      ? '. *Not enough licenses*: the rows past the free ones will fail.'
      : '.');
  const confirm = confirmationBlocks({
    question: `Import ${count(preview.rows, 'row')} from *${escapeMrkdwn(truncate(preview.fileName, 100))}*? Nothing has changed yet.`,
    consequences: [
      ...changes,
      seatLine,
      ...(preview.authoritative
        ? ['The groups column is authoritative: people leave the groups it does not list.']
        : []),
      'An import never deactivates anyone, changes names or takes Pro away. What each row would do comes by DM now (the preview file), what each row did once it is applied (the result file).',
    ],
    confirmLabel: `Import ${formatNumber(preview.rows)} rows`,
    confirmActionId: IMPORT_CONFIRM_ACTION_ID,
    confirmValue,
  });
  const problems = problemBlocks(preview.problems);
  return { text: confirm.text, blocks: [confirm.blocks[0]!, ...problems, ...confirm.blocks.slice(1)] };
}

/** The first problems of a dry run, by row, with how many there are in all (none: no block). */
export function problemBlocks(problems: ReadonlyArray<{ row: number; email: string; reason: string }>): KnownBlock[] {
  if (problems.length === 0) return [];
  const lines = problems
    .slice(0, PREVIEW_PROBLEMS)
    .map(
      (p) =>
        `• Row ${p.row}${p.email ? ` (${escapeMrkdwn(truncate(p.email, 100))})` : ''}: ${escapeMrkdwn(truncate(p.reason, 200))}`,
    );
  const more =
    problems.length > PREVIEW_PROBLEMS ? ` (the first ${PREVIEW_PROBLEMS} of ${formatNumber(problems.length)})` : '';
  return [{ type: 'section', text: { type: 'mrkdwn', text: linesWithin([`*Problems${more}:*`, ...lines], 2900) } }];
}
