import { z } from 'zod';
import { nudgePeople } from '../../../jobs/nudge-people.js';
import { confirmBulkRunFromPreview, prepareBulkRun, requestKeyOf } from '../../../jobs/kit/launch-bulk-run.js';
import { groupNamesById } from '../../../services/groups/group-repository.js';
import { notNudgedThisWeek, peopleToNudge, NUDGE_STEP_LABELS } from '../../../services/insights/nudges/nudges.js';
import { STUCK_STEPS, type StuckStep } from '../../../services/insights/stuck-people.js';
import type { ServiceContext } from '../../../services/context.js';
import { defineAction, type ActionRequest } from '../../../slack/kit/action.js';
import { defineConfirmation } from '../../../slack/kit/confirmation.js';
import {
  NUDGE_ACTION_ID,
  NUDGE_CONFIRM_ACTION_ID,
  nudgeConfirmationBlocks,
} from '../../../views/insights/nudges/nudge-blocks.js';

/**
 * "Nudge them" (in the weekly digest and `/ub adoption`): asks first, to the clicker only, how many
 * people stuck before the step in the groups (none: the organization) will get a DM; the Confirm
 * starts a durable run whose progress is a DM to the clicker (decision 037). The stuck people are
 * listed at the click and held by the prepared run: Slack's retry of the click finds the same one.
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
  const stuck = await peopleToNudge(ctx, { step, groupIds });
  if (stuck.length === 0) {
    await request.reply({
      text: `Nobody is stuck there any more: there is no one to ask to ${NUDGE_STEP_LABELS[step]}.`,
    });
    return;
  }
  const people = await notNudgedThisWeek(ctx, step, stuck);
  if (people.length === 0) {
    await request.reply({
      text: `Everyone stuck there was nudged to ${NUDGE_STEP_LABELS[step]} this week already: ub nudges each person once a week per step.`,
    });
    return;
  }
  const run = await prepareBulkRun(request, ctx, nudgePeople, {
    requestKey: requestKeyOf(request, `nudge:${step}`),
    input: { step, ...(request.deps.learningUrl ? { learningUrl: request.deps.learningUrl } : {}) },
    items: people.map((p) => ({ email: p.email, ...(p.slackUserId ? { slackUserId: p.slackUserId } : {}) })),
  });
  const names = await groupNamesById(ctx.store, groupIds);
  // A new message, not the digest replaced: a digest in a channel stays as everyone sees it.
  await request.reply(
    nudgeConfirmationBlocks({
      step,
      people: run.total,
      groupNames: groupIds.flatMap((id) => (names.has(id) ? [names.get(id)!] : [])),
      stepLabel: NUDGE_STEP_LABELS[step],
      confirmValue: nudgeConfirm.encode({ r: run.id }),
    }),
  );
}

/**
 * The Confirm: starts the prepared run once (a second click finds it started, and the claims per
 * person, step and week keep a second run from nudging anyone again); the question becomes
 * "Started: 0 of N".
 */
export const nudgeConfirm = defineConfirmation({
  actionId: NUDGE_CONFIRM_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(200) }),
  confirm: (request, value, ctx) => confirmBulkRunFromPreview(request, ctx, nudgePeople, value.r),
});
