import { z } from 'zod';
import { keepPro } from '../../services/approvals/pro-reclaim.js';
import { toUbError } from '../../services/errors.js';
import { defineAction } from '../../slack/kit/action.js';
import { KEEP_PRO_ACTION_ID, reclaimClosedText, reclaimKeptText } from '../../views/approvals/pro-reclaim-blocks.js';

/**
 * "I still need it" on the Pro reclaim warning (decision 042): the holder keeps their license for
 * another period, and the warning becomes the answer, in place. Anyone else's click (a forwarded or
 * forged button, another workspace's record) changes nothing and is logged.
 */
export const keepProAction = defineAction({
  actionId: KEEP_PRO_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(400), c: z.number().int().min(1) }),
  handle: async (request, value, ctx) => {
    let answer;
    try {
      answer = await keepPro(ctx, { id: value.r, cycle: value.c });
    } catch (error) {
      const code = toUbError(error).code;
      if (code === 'not_authorized' || code === 'not_found')
        request.deps.log.warn('approvals: a Pro reclaim answer was refused, nothing changed', {
          requestId: request.requestId,
          teamId: request.orgId,
          slackUserId: request.slackUserId,
          code,
        });
      throw error;
    }
    await request.reply({
      text: answer.kept ? reclaimKeptText(answer.until) : reclaimClosedText(answer.reclaim.state),
      replaceOriginal: true,
    });
  },
});
