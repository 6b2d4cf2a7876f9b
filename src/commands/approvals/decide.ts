import { z } from 'zod';
import { requestMessageEnv, updateRequestCards, type MessageEnv } from '../../jobs/approval-messages.js';
import { tellOutcome } from '../../jobs/approval-outcome.js';
import { requestCost } from '../../services/approvals/request-cost.js';
import { decisionActor, decideRequest, MAX_DENY_NOTE, type Decision } from '../../services/approvals/decide-request.js';
import { requireRequest } from '../../services/approvals/request-repository.js';
import type { ServiceContext } from '../../services/context.js';
import { toUbError } from '../../services/errors.js';
import { defineAction } from '../../slack/kit/action.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import {
  alreadyDecidedText,
  decisionLine,
  REQUEST_APPROVE_ACTION_ID,
  REQUEST_DENY_ACTION_ID,
  requestSummary,
} from '../../views/approvals/request-blocks.js';
import { DENY_MODAL_CALLBACK_ID, denyModalView } from '../../views/approvals/request-modals.js';

const requestValue = z.object({ r: z.string().min(1).max(200) });

function messageEnv(request: CommandRequest, ctx: ServiceContext): MessageEnv {
  return requestMessageEnv(request, ctx.orgId);
}

/**
 * Runs a decision and tells everyone: every copy of the card updated in place, the requester
 * DMed. A decision someone else made first is answered "already …" and changes nothing. A refused
 * decider (forged or replayed button, another organization's request, not an approver, the
 * requester) is logged as a warning before the refusal is answered.
 */
async function decide(
  request: CommandRequest,
  ctx: ServiceContext,
  input: { requestId: string; decision: Decision; note?: string },
  /** Where the decision came from: the ts of a card, or the App Home tab. */
  from: { message: string | undefined; home: boolean },
): Promise<void> {
  let result;
  try {
    result = await decideRequest(ctx, input);
  } catch (error) {
    logRefusal(request, input.requestId, error);
    throw error;
  }
  if (!result.decided) {
    await request.reply({ text: alreadyDecidedText(result.request) });
    if (from.home) await request.refreshHome([request.slackUserId]);
    return;
  }
  if (result.partial) {
    // Still pending: every copy shows the first approval, and keeps its buttons for the second.
    await updateRequestCards(messageEnv(request, ctx), result.request, await requestCost(ctx, result.request.kind));
    await request.reply({
      text: `Your approval of request ${result.request.code} is recorded. It needs a second approver: the others can see it on their cards.`,
    });
    return;
  }
  await tellOutcome(messageEnv(request, ctx), result.request);
  // The card clicked shows the outcome already; a decision from `/ub requests` gets its answer there.
  if (!result.request.cards.some((card) => card.ts === from.message))
    await request.reply({ text: `Request ${result.request.code}: ${decisionLine(result.request)}` });
  // Slack does not redraw a Home tab: the decider's, and those of the others it was listed for, drop it now.
  if (from.home)
    await request.refreshHome([request.slackUserId, ...result.request.approverIds.slice(0, HOME_REFRESH_LIMIT)]);
}

/** At most this many other approvers' Home tabs are republished after a decision from the Home tab. */
const HOME_REFRESH_LIMIT = 10;

function logRefusal(request: CommandRequest, requestId: string, error: unknown): void {
  const code = toUbError(error).code;
  if (code !== 'not_authorized' && code !== 'not_found') return;
  request.deps.log.warn('approvals: decision refused, nothing changed', {
    requestId: request.requestId,
    teamId: request.orgId,
    slackUserId: request.slackUserId,
    approvalRequest: requestId.slice(0, 200),
    code,
  });
}

export const approveAction = defineAction({
  actionId: REQUEST_APPROVE_ACTION_ID,
  value: requestValue,
  handle: (request, value, ctx) =>
    decide(
      request,
      ctx,
      { requestId: value.r, decision: 'approve' },
      { message: request.message?.ts, home: request.fromHome },
    ),
});

/** Deny asks why first: the form opens (for a decider who may decide it), the submission decides. */
export const denyAction = defineAction({
  actionId: REQUEST_DENY_ACTION_ID,
  value: requestValue,
  handle: async (request, value, ctx) => {
    let target;
    try {
      target = await requireRequest(ctx.store, ctx.orgId, value.r);
      if (target.status === 'pending') await decisionActor(ctx, target);
    } catch (error) {
      logRefusal(request, value.r, error);
      throw error;
    }
    if (target.status !== 'pending') {
      await request.reply({ text: alreadyDecidedText(target) });
      return;
    }
    await request.openModal(denyModalView({ code: target.code, summary: requestSummary(target) }), {
      r: target.id,
      ...(request.message ? { m: request.message.ts } : {}),
      ...(request.fromHome ? { h: '1' } : {}),
    });
  },
});

export const denyModal = defineModal({
  callbackId: DENY_MODAL_CALLBACK_ID,
  fields: z.object({
    note: z
      .string({ error: 'Say why.' })
      .trim()
      .min(1, 'Say why: the person who asked reads it.')
      .max(MAX_DENY_NOTE, `At most ${MAX_DENY_NOTE} characters.`),
  }),
  handle: (request, input, ctx) =>
    decide(
      request,
      ctx,
      { requestId: request.metadata.extra.r ?? '', decision: 'deny', note: input.note },
      { message: request.metadata.extra.m, home: request.metadata.extra.h === '1' },
    ),
});
