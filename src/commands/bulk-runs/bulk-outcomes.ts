import { z } from 'zod';
import { bulkKinds } from '../../jobs/bulk-runs.js';
import { runForOutcomes, runPageOutcomes } from '../../services/bulk-runs/run-outcomes.js';
import { UbError } from '../../services/errors.js';
import { defineAction } from '../../slack/kit/action.js';
import { BULK_OUTCOMES_ACTION_ID, bulkOutcomesPageBlocks } from '../../views/bulk-outcomes-blocks.js';

/** Lines per page of reported items (mentions without email, repeats), like a run's own pages. */
const REPORTED_PER_PAGE = 100;

/**
 * "Show all" under a bulk result, and Previous / Next on its pages: every outcome, a page at a
 * time. The items the run reported without applying them come first, then the run's pages (each
 * one `_id` read). Show all answers with a new message; the pager redraws it in place.
 */
export const bulkOutcomesAction = defineAction({
  actionId: BULK_OUTCOMES_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(500), p: z.number().int().min(0), m: z.literal(1).optional() }),
  handle: async (request, value, ctx) => {
    const run = await runForOutcomes(ctx, value.r);
    const bound = bulkKinds.find((k) => k.name === run.kind)?.bind(run.input);
    if (!bound || 'problem' in bound)
      throw new UbError('invalid_state', 'ub can no longer read this result (it was stored by an older version).');
    const reported = bound.reported();
    const reportedPages = Math.ceil(reported.length / REPORTED_PER_PAGE);
    const pages = reportedPages + run.pages;
    const page = Math.min(value.p, pages - 1);
    const outcomes =
      page < reportedPages
        ? reported.slice(page * REPORTED_PER_PAGE, (page + 1) * REPORTED_PER_PAGE)
        : await runPageOutcomes(ctx, run, page - reportedPages);
    await request.reply({
      ...bulkOutcomesPageBlocks({ title: bound.resultTitle(), runId: run.id, page, pages, outcomes }),
      replaceOriginal: value.m === 1,
    });
  },
});
