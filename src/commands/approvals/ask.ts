import { z } from 'zod';
import { postRequestCards, requestMessageEnv } from '../../jobs/approval-messages.js';
import { sendApprovedInvitationDm } from '../../jobs/approval-outcome.js';
import { markOutcomeTold } from '../../services/approvals/lifecycle.js';
import {
  createRequest,
  MAX_GRANT_DAYS,
  MAX_REASON,
  type RequestDraft,
} from '../../services/approvals/create-request.js';
import type { ServiceContext } from '../../services/context.js';
import { REQUEST_KINDS } from '../../services/domain.js';
import { UbError } from '../../services/errors.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { decisionLine, requestSentText, requestSummary } from '../../views/approvals/request-blocks.js';
import { REQUEST_FORM_CALLBACK_ID, requestFormView } from '../../views/approvals/request-modals.js';

/** What is asked, without the reason: what the request form carries in its metadata. */
export type Ask = Omit<RequestDraft, 'reason' | 'email'> & { email: string };

const askSchema = z.object({
  k: z.enum(REQUEST_KINDS),
  e: z.string().min(1).max(254),
  g: z.string().min(1).max(150).optional(),
  d: z.number().int().min(1).max(MAX_GRANT_DAYS).optional(),
});

/**
 * With a reason (`--reason`), sends the request at once; without one, opens the request form
 * filled in with what is asked, where the reason is the one field left.
 */
export async function askOrOpenForm(
  request: CommandRequest,
  ctx: ServiceContext,
  ask: Ask,
  reason: string | undefined,
): Promise<void> {
  if (reason !== undefined && reason.trim() !== '') {
    await sendRequest(request, ctx, { ...ask, reason });
    return;
  }
  const summary = requestSummary({
    kind: ask.kind,
    subject: { email: ask.email, groupId: undefined, groupName: ask.groupName, days: ask.days },
  });
  const metadata = JSON.stringify({
    k: ask.kind,
    e: ask.email,
    ...(ask.groupName !== undefined ? { g: ask.groupName } : {}),
    ...(ask.days !== undefined ? { d: ask.days } : {}),
  });
  await request.openModal(requestFormView({ summary }), { a: metadata });
}

/** Creates the request, posts the approver cards, and tells the requester where it went. */
export async function sendRequest(request: CommandRequest, ctx: ServiceContext, draft: RequestDraft): Promise<void> {
  const created = await createRequest(ctx, draft);
  if (created.request.status !== 'pending') {
    // Approved at once by a policy: nobody to ask, the answer is the outcome.
    await request.reply({ text: `Request ${created.request.code}: ${decisionLine(created.request)}` });
    const executed = created.request.outcome === 'executed';
    const invited =
      executed && (created.request.kind === 'access' || created.request.kind === 'invite')
        ? await sendApprovedInvitationDm(requestMessageEnv(request, ctx.orgId), created.request)
        : true;
    // The reply above told the requester; once the invitee has their DM, nothing is left for the sweep.
    if (invited) await markOutcomeTold(ctx.store, created.request);
    return;
  }
  const { request: sent, approverIds } = await postRequestCards(requestMessageEnv(request, ctx.orgId), {
    ...created,
    approvers: created.routing.approvers,
    channel: created.routing.channel,
  });
  await request.reply({ text: requestSentText({ request: sent, approverIds, channel: sent.channel }) });
}

/** The request form's submission: what was asked (from the metadata) and the reason typed. */
export const requestFormModal = defineModal({
  callbackId: REQUEST_FORM_CALLBACK_ID,
  errorFields: { invalid_input: 'reason', invalid_state: 'reason', not_found: 'reason', already_exists: 'reason' },
  fields: z.object({
    reason: z
      .string({ error: 'Say why you need it.' })
      .trim()
      .min(1, 'Say why you need it.')
      .max(MAX_REASON, `At most ${MAX_REASON} characters.`),
  }),
  handle: async (request, input, ctx) => {
    let raw: unknown;
    try {
      raw = JSON.parse(request.metadata.extra.a ?? '');
    } catch {
      raw = undefined;
    }
    const parsed = askSchema.safeParse(raw);
    if (!parsed.success) throw new UbError('invalid_input', 'This form is out of date: run the command again.');
    const ask = parsed.data;
    await sendRequest(request, ctx, {
      kind: ask.k,
      email: ask.e,
      ...(ask.g !== undefined ? { groupName: ask.g } : {}),
      ...(ask.d !== undefined ? { days: ask.d } : {}),
      reason: input.reason,
    });
  },
});
