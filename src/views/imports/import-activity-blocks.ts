import type { KnownBlock, ModalView } from '@slack/types';
import { count, formatNumber } from '../../plural.js';
import { confirmationBlocks } from '../confirmation-blocks.js';
import { modal } from '../modal-view.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { csvFileInput, problemBlocks } from './import-blocks.js';

export const IMPORT_ACTIVITY_MODAL_CALLBACK_ID = 'import_activity.submit';
export const IMPORT_ACTIVITY_CONFIRM_ACTION_ID = 'import_activity.confirm';

/** `/ub import activity`: the CSV of learning activity. */
export function importActivityModalView(input: { expectedColumns: string }): ModalView {
  return modal(IMPORT_ACTIVITY_MODAL_CALLBACK_ID, 'Import activity', 'Preview', [
    csvFileInput(
      `Columns: ${input.expectedColumns.replace(/`/g, '')}. One row per person and course (ub's activity export works). UTF-8, up to 20 MB and 100,000 rows.`,
    ),
  ]);
}

export interface ActivityImportPreview {
  fileName: string;
  rows: number;
  counts: { record: number; unchanged: number; problems: number; events: number };
  problems: Array<{ row: number; email: string; reason: string }>;
}

/** The dry run of an activity import: rows to record and their events, rows already recorded, problems; Confirm. */
export function importActivityPreviewBlocks(
  preview: ActivityImportPreview,
  confirmValue: string,
): { text: string; blocks: KnownBlock[] } {
  const c = preview.counts;
  const confirm = confirmationBlocks({
    question: `Import learning activity: ${count(preview.rows, 'row')} from *${escapeMrkdwn(truncate(preview.fileName, 100))}*? Nothing has changed yet.`,
    consequences: [
      `${count(c.record, 'row')} to record (${count(c.events, 'learning event')}: enrollments, progress, completions)`,
      `${count(c.unchanged, 'row')} already recorded`,
      `${count(c.problems, 'row')} that cannot be applied`,
      'Each row goes through the same path as the learning platform’s activity feed: the funnel, insights and digests count it. What each row would do comes by DM now, what each row did once it is applied.',
    ],
    confirmLabel: `Import ${formatNumber(preview.rows)} rows`,
    confirmActionId: IMPORT_ACTIVITY_CONFIRM_ACTION_ID,
    confirmValue,
  });
  return {
    text: confirm.text,
    blocks: [confirm.blocks[0]!, ...problemBlocks(preview.problems), ...confirm.blocks.slice(1)],
  };
}
