import type { ServiceContext } from '../context.js';
import { toApprovalRequest, type ApprovalRequest } from './request-repository.js';

export type RequestListKind = 'to_decide' | 'asked';

export interface RequestPage {
  requests: ApprovalRequest[];
  /** Pass back as `skip` for the next page; undefined on the last one. */
  nextSkip: number | undefined;
}

/**
 * A page of requests, newest first: those waiting for the actor's decision (their card went to
 * them), or those they asked (any status). Indexed on MongoDB (`{orgId, approverIds, status,
 * createdAt}`, `{orgId, requester.slackUserId, createdAt}`); on FerretDB a scan of one
 * organization's requests, which stay far fewer than its people.
 */
export async function listRequests(
  ctx: ServiceContext,
  input: { list: RequestListKind; skip: number; limit: number },
): Promise<RequestPage> {
  const me = ctx.actor.slackUserId ?? '';
  const query =
    input.list === 'to_decide'
      ? ctx.store.approvalRequests.find({ orgId: ctx.orgId, approverIds: me, status: 'pending' })
      : ctx.store.approvalRequests.find({ orgId: ctx.orgId, 'requester.slackUserId': me });
  const docs = await query
    .sort({ createdAt: -1, _id: -1 })
    .skip(input.skip)
    .limit(input.limit + 1)
    .lean()
    .exec();
  const requests = docs.slice(0, input.limit).map(toApprovalRequest);
  return { requests, nextSkip: docs.length > input.limit ? input.skip + input.limit : undefined };
}
