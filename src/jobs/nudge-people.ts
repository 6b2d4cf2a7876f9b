import { z } from 'zod';
import { count } from '../plural.js';
import { NUDGE_STEP_LABELS, claimNudges, recordNudgesSent } from '../services/insights/nudges/nudges.js';
import { STUCK_STEPS } from '../services/insights/stuck-people.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { withDeliveryLine } from '../views/bulk-run-blocks.js';
import { nudgeDeliveryLine, nudgeDmBlocks } from '../views/insights/nudges/nudge-blocks.js';
import { defineBulkKind } from './kit/bulk-kind.js';
import { postOnce, recordNotPosted, recordedPost } from './kit/post-once.js';
import { lookupSlackUser } from './invitation-dm.js';

const nudgeInput = z.object({
  step: z.enum(STUCK_STEPS),
  /** The learning site when the run started, linked from the DMs. */
  learningUrl: z.string().optional(),
  /** The automatic reminder after an invitation (rather than someone's "Nudge them"). */
  automatic: z.boolean().optional(),
});
const nudgeItem = z.object({ email: z.string(), slackUserId: z.string().optional() });
type NudgeRecord = { itemKey: string; email: string; step: (typeof STUCK_STEPS)[number] };

/**
 * "Nudge them" and the automatic invitation reminder (docs/decisions/026-nudges.md): each stuck
 * person gets one DM suited to their step, at most once per step per week (a claim per person,
 * step and week, made by the page that applies them), as a durable bulk run: progress in place,
 * resumed after a kill without nudging anyone twice (postOnce), 429s waited out and tried again,
 * refusals for good (not in Slack, DMs closed, user gone) reported in the result.
 */
export const nudgePeople = defineBulkKind<z.infer<typeof nudgeInput>, z.infer<typeof nudgeItem>, NudgeRecord>({
  name: 'nudge',
  input: nudgeInput,
  item: nudgeItem,
  title: (input, total) => `Nudging ${count(total, 'person', 'people')} to ${NUDGE_STEP_LABELS[input.step]}`,
  applyPage: (ctx, input, page) =>
    claimNudges(ctx, { batch: page.key, step: input.step, emails: page.items.map((item) => item.email) }),
  deliver: {
    send: async (env, input, item) => {
      const key = `${env.itemKey}:nudge`;
      const earlier = env.mayBeDone ? await recordedPost(env.post, key) : undefined;
      let outcome = earlier?.outcome;
      if (!outcome) {
        const user = item.slackUserId ?? (await lookupSlackUser(env.post.client, item.email));
        if (typeof user !== 'string') return { outcome: await recordNotPosted(env.post, key, user.notFound) };
        outcome = await postOnce(
          env.post,
          key,
          user,
          nudgeDmBlocks({ step: input.step, learningUrl: input.learningUrl }),
        );
      }
      return outcome.state === 'sent'
        ? { outcome, record: { itemKey: env.itemKey, email: item.email, step: input.step } }
        : { outcome };
    },
    recordPage: (ctx, _input, records) => recordNudgesSent(ctx, records),
  },
  resultTitle: (input) => `${input.automatic ? 'Invitation reminders' : 'Nudged'}: ${NUDGE_STEP_LABELS[input.step]}`,
  result: (input, result, delivery) =>
    withDeliveryLine(
      bulkResultBlocks({
        title: `${input.automatic ? 'Invitation reminders' : 'Nudged'}: ${NUDGE_STEP_LABELS[input.step]}`,
        ...result,
      }),
      delivery && delivery.wanted > 0 ? nudgeDeliveryLine(delivery) : undefined,
    ),
});
