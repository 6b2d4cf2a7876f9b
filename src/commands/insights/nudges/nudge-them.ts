import { z } from 'zod';
import { nudgePeople } from '../../../jobs/nudge-people.js';
import { launchBulkRun, requestKeyOf } from '../../../jobs/kit/launch-bulk-run.js';
import { peopleToNudge, NUDGE_STEP_LABELS } from '../../../services/insights/nudges/nudges.js';
import { STUCK_STEPS } from '../../../services/insights/stuck-people.js';
import { defineAction } from '../../../slack/kit/action.js';
import { NUDGE_ACTION_ID } from '../../../views/insights/nudges/nudge-blocks.js';

/**
 * "Nudge them" (in the weekly digest, and in `/ub adoption`): everyone stuck before the step in
 * the groups (none: the organization) gets one DM, as a durable run whose progress is a DM to
 * the clicker. The same click again (Slack's retry, a double click) finds the same run.
 */
export const nudgeThemAction = defineAction({
  actionId: NUDGE_ACTION_ID,
  value: z.object({ s: z.enum(STUCK_STEPS), g: z.array(z.string().min(1).max(200)).max(50) }),
  handle: async (request, value, ctx) => {
    const people = await peopleToNudge(ctx, { step: value.s, groupIds: value.g });
    if (people.length === 0) {
      await request.reply({
        text: `Nobody is stuck there any more: there is no one to ask to ${NUDGE_STEP_LABELS[value.s]}.`,
      });
      return;
    }
    await launchBulkRun(request, ctx, nudgePeople, {
      requestKey: requestKeyOf(request, `nudge:${value.s}`),
      input: { step: value.s, ...(request.deps.learningUrl ? { learningUrl: request.deps.learningUrl } : {}) },
      items: people.map((p) => ({ email: p.email, ...(p.slackUserId ? { slackUserId: p.slackUserId } : {}) })),
    });
  },
});
