import type { ServiceContext } from '../context.js';
import type { AuditAction, RequestStatus } from '../domain.js';
import type { RequestPerson } from '../models/approval-request.js';
import { recordAudit } from '../record-audit.js';
import { releaseDedupeKey, toApprovalRequest, type ApprovalRequest } from './request-repository.js';

/**
 * The one way out of `pending`: one update on the request's `_id` guarded by `status: 'pending'`.
 * Exactly one of any number of concurrent callers gets the document back (single-document updates
 * are atomic on MongoDB, and on FerretDB behind its write front, decision 005); the others get
 * undefined and read who won. Then the change is audited and the "same ask" key released.
 */
export async function leavePending(
  ctx: ServiceContext,
  id: string,
  change: {
    status: Exclude<RequestStatus, 'pending'>;
    by: RequestPerson | undefined;
    note?: string;
    /** The audit entry's action. */
    action: AuditAction;
    /** A second approval: the first one must be someone else's, and is kept with this one. */
    afterApprovalOf?: RequestPerson;
  },
): Promise<ApprovalRequest | undefined> {
  const at = ctx.now();
  const second = change.afterApprovalOf;
  const doc = await ctx.store.approvalRequests
    .findOneAndUpdate(
      {
        _id: id,
        orgId: ctx.orgId,
        status: 'pending',
        ...(second ? { approvals: { $size: 1 }, 'approvals.slackUserId': second.slackUserId } : {}),
      },
      {
        ...(second && change.by ? { $push: { approvals: change.by } } : {}),
        $set: {
          status: change.status,
          decidedAt: at,
          ...(change.by ? { decidedBy: change.by } : {}),
          ...(change.note !== undefined ? { note: change.note } : {}),
        },
        $inc: { version: 1 },
      },
      { returnDocument: 'after' },
    )
    .lean()
    .exec();
  if (!doc) return undefined;
  await recordAudit(
    { ...ctx, approvalRequestId: id },
    {
      action: change.action,
      targetType: 'request',
      targetId: id,
      subjects: [id, doc.subject.email],
      before: { status: 'pending' },
      after: { status: change.status, ...(change.note !== undefined ? { note: change.note } : {}) },
    },
  );
  // After the audit entry: a key left behind is released by the next identical ask (claimNewRequestId).
  await releaseDedupeKey(ctx.store, { id }, doc.dedupeKey);
  return toApprovalRequest(doc);
}
