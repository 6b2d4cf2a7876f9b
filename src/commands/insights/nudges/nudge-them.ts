import { z } from 'zod';
import { nudgePeople } from '../../../jobs/nudge-people.js';
import { launchBulkRun, requestKeyOf } from '../../../jobs/kit/launch-bulk-run.js';
import { peopleToNudge, NUDGE_STEP_LABELS } from '../../../services/insights/nudges/nudges.js';
import { STUCK_STEPS, type StuckStep } from '../../../services/insights/stuck-people.js';
import type { ServiceContext } from '../../../services/context.js';
import { defineAction, type ActionRequest } from '../../../slack/kit/action.js';
import { NUDGE_ACTION_ID } from '../../../views/insights/nudges/nudge-blocks.js';

/**
 * "Nudge them" (in the weekly digest; `/ub adoption` can draw the same button with nudgeButton): everyone stuck before the step in
 * the groups (none: the organization) gets one DM, as a durable run whose progress is a DM to
 * the clicker. The same click again (Slack's retry, a double click) finds the same run.
 */
export const nudgeThemAction = defineAction({
  actionId: NUDGE_ACTION_ID,
  value: z.object({ s: z.enum(STUCK_STEPS), g: z.array(z.string().min(1).max(200)).max(50) }),
  handle: (request, value, ctx) => nudgeThem(request, ctx, value.s, value.g),
});

async function nudgeThem(
  request: ActionRequest,
  ctx: ServiceContext,
  step: StuckStep,
  groupIds: string[],
): Promise<void> {
  const people = await peopleToNudge(ctx, { step, groupIds });
  if (people.length === 0) {
    await request.reply({
      text: `Nobody is stuck there any more: there is no one to ask to ${NUDGE_STEP_LABELS[step]}.`,
    });
    return;
  }
  await launchBulkRun(request, ctx, nudgePeople, {
    requestKey: requestKeyOf(request, `nudge:${step}`),
    input: { step, ...(request.deps.learningUrl ? { learningUrl: request.deps.learningUrl } : {}) },
    items: people.map((p) => ({ email: p.email, ...(p.slackUserId ? { slackUserId: p.slackUserId } : {}) })),
  });
}
