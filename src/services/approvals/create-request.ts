import { can } from '../authorization.js';
import type { ServiceContext } from '../context.js';
import { personKey, type RequestKind } from '../domain.js';
import { parseEmail } from '../email.js';
import { isDuplicateKey, UbError } from '../errors.js';
import { requireGroup } from '../groups/group-repository.js';
import type { ApprovalRequestDoc, RequestSubject } from '../models/approval-request.js';
import { recordAudit } from '../record-audit.js';
import { kindRules, requestTarget } from '../request-actions.js';
import { requestCost, type RequestCost } from './request-cost.js';
import {
  newRequestCode,
  releaseDedupeKey,
  requestIdOf,
  toApprovalRequest,
  type ApprovalRequest,
} from './request-repository.js';
import { routeApprovers, type Routing } from './route-approvers.js';
import { autoApprovalPolicy, autoApprove } from './auto-approve.js';

export const DEFAULT_EXPIRY_DAYS = 7;
export const DEFAULT_ESCALATE_HOURS = 48;
const HOUR_MS = 3_600_000;
export const MAX_REASON = 500;
export const MAX_GRANT_DAYS = 365;
const DAY_MS = 86_400_000;

/** What someone asks for, as a command or the request form gives it. */
export interface RequestDraft {
  kind: RequestKind;
  /** Whom it is for; the requester when left out (`/ub join`, `/ub request pro`, `/ub request access`). */
  email?: string;
  groupName?: string;
  /** A time-bound grant (group membership, Pro license). */
  days?: number;
  reason: string;
}

export interface CreatedRequest {
  request: ApprovalRequest;
  routing: Routing;
  cost: RequestCost;
}

/**
 * Turns an ask into a pending request routed to everyone who could grant it (routeApprovers), and
 * audits it. Refused when the requester could do it themselves, when nobody else can approve it,
 * and, for the same ask while one is pending, `already_exists` naming that request
 * (`details.requestId`): a unique key inserted first makes two identical asks at once one request.
 */
export async function createRequest(ctx: ServiceContext, draft: RequestDraft): Promise<CreatedRequest> {
  const requester = ctx.actor;
  if (!requester.slackUserId) throw new UbError('invalid_input', 'Only a Slack user can ask for something.');
  const reason = draft.reason.trim();
  if (reason === '') throw new UbError('invalid_input', 'Say why you need it: the approvers read your reason.');
  if (reason.length > MAX_REASON)
    throw new UbError('invalid_input', `Keep the reason under ${MAX_REASON} characters (got ${reason.length}).`);
  const subject = await subjectOf(ctx, draft);
  const { permission: action } = kindRules(draft.kind);
  if (draft.kind !== 'access' && can(requester, action, requestTarget(subject)))
    throw new UbError('invalid_state', 'You can do that yourself, no approval needed: run the command directly.');

  const org = await ctx.store.organizations.findById(ctx.orgId).lean().exec();
  const policy = autoApprovalPolicy(org, { kind: draft.kind, subject, requesterEmail: requester.email });
  const routing = await routeApprovers(ctx, { kind: draft.kind, subject, requester: requester.slackUserId });
  if (routing.approvers.length === 0 && !routing.channel && !policy)
    throw new UbError('invalid_state', 'Nobody else in ub can approve that yet. Ask an admin to set up ub first.');

  const dedupeKey = [ctx.orgId, requester.slackUserId, draft.kind, subject.email, subject.groupId ?? ''].join(':');
  const now = ctx.now();
  const expiryDays = org?.approvalsExpiryDays ?? DEFAULT_EXPIRY_DAYS;
  const id = await claimNewRequestId(ctx, dedupeKey);
  const doc: Omit<ApprovalRequestDoc, 'createdAt' | 'updatedAt'> = {
    _id: id,
    orgId: ctx.orgId,
    code: id.slice(ctx.orgId.length + 1),
    kind: draft.kind,
    subject,
    requester: { slackUserId: requester.slackUserId, email: requester.email, role: requester.role },
    reason,
    status: 'pending',
    approverIds: routing.approvers.flatMap((a) => (a.slackUserId ? [a.slackUserId] : [])),
    delegations: routing.approvers.flatMap((a) =>
      a.onBehalfOf && a.slackUserId ? [{ delegate: a.slackUserId, for: a.onBehalfOf }] : [],
    ),
    channel: routing.channel,
    cards: [],
    approvalsNeeded: org?.approvalsTwoFor?.includes(draft.kind) ? 2 : 1,
    approvals: [],
    decidedBy: undefined,
    decidedAt: undefined,
    note: undefined,
    outcome: undefined,
    outcomeDetail: undefined,
    grantEndsAt: undefined,
    grantWarnedAt: undefined,
    grantEndedAt: undefined,
    tellDueAt: undefined,
    escalateAt:
      routing.level === 'group'
        ? new Date(now.getTime() + (org?.approvalsEscalateHours ?? DEFAULT_ESCALATE_HOURS) * HOUR_MS)
        : undefined,
    escalatedAt: undefined,
    waitlistedAt: undefined,
    expiresAt: new Date(now.getTime() + expiryDays * DAY_MS),
    dedupeKey,
    version: 0,
  };
  try {
    await ctx.store.approvalRequests.create(doc);
  } catch (error) {
    await ctx.store.pendingRequestKeys.deleteOne({ _id: dedupeKey, requestId: id }).exec();
    throw error;
  }
  await recordAudit(
    { ...ctx, approvalRequestId: id },
    {
      action: 'request.created',
      targetType: 'request',
      targetId: id,
      subjects: [
        id,
        subject.email,
        ...(requester.email ? [requester.email] : []),
        ...(subject.groupId ? [subject.groupId] : []),
      ],
      after: { kind: draft.kind, subject, reason, routedTo: routing.level },
    },
  );
  const created = toApprovalRequest((await ctx.store.approvalRequests.findById(id).lean().exec())!);
  const cost = await requestCost(ctx, draft.kind);
  if (policy) return { request: await autoApprove(ctx, created, policy), routing, cost };
  return { request: created, routing, cost };
}

/**
 * Takes the "pending ask" key for this requester and ask, and a fresh request code with it. The
 * key names a request that is no longer pending only when a process stopped between the two
 * writes of a decision: it is released and taken again.
 */
async function claimNewRequestId(ctx: ServiceContext, dedupeKey: string): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const id = requestIdOf(ctx.orgId, newRequestCode());
    try {
      await ctx.store.pendingRequestKeys.create({ _id: dedupeKey, requestId: id, createdAt: ctx.now() });
      return id;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const key = await ctx.store.pendingRequestKeys.findById(dedupeKey).lean().exec();
    if (!key) continue;
    const pending = await ctx.store.approvalRequests.findById(key.requestId).lean().exec();
    if (pending?.status === 'pending')
      throw new UbError(
        'already_exists',
        `You already asked for this: request ${pending.code} is waiting for a decision. \`/ub requests\` shows it; \`/ub requests cancel ${pending.code}\` withdraws it.`,
        { requestId: pending._id },
      );
    await releaseDedupeKey(ctx.store, { id: key.requestId }, dedupeKey);
  }
  throw new UbError('conflict', 'Someone else asked for the same thing at the same moment. Try again.');
}

async function subjectOf(ctx: ServiceContext, draft: RequestDraft): Promise<RequestSubject> {
  const email = draft.email !== undefined ? parseEmail(draft.email) : ctx.actor.email;
  if (!email)
    throw new UbError('invalid_input', 'ub cannot read your email address from Slack, so it cannot ask for you.');
  if (draft.days !== undefined && (!Number.isInteger(draft.days) || draft.days < 1 || draft.days > MAX_GRANT_DAYS))
    throw new UbError('invalid_input', `\`--days\` is a whole number of days from 1 to ${MAX_GRANT_DAYS}.`);
  if (draft.days !== undefined && draft.kind !== 'group_add' && draft.kind !== 'license_pro')
    throw new UbError('invalid_input', 'Only a group membership or a Pro license can be granted for a number of days.');
  const group = draft.groupName !== undefined ? await requireGroup(ctx.store, ctx.orgId, draft.groupName) : undefined;
  if (draft.kind === 'group_add' && !group) throw new UbError('invalid_input', 'Name the group to join.');
  const member = await ctx.store.users.findById(personKey(ctx.orgId, email)).lean().exec();
  if (draft.kind === 'access' && member?.status === 'active')
    throw new UbError('invalid_state', 'You already have a seat in ub: nothing to ask for.');
  if (draft.kind === 'group_add' && member?.status !== 'active')
    throw new UbError(
      'invalid_state',
      `${email} does not hold a license yet, so cannot join a group: ask for an invitation instead (\`/ub request invite ${email} --group "${group!.name}"\`).`,
    );
  return { email, groupId: group?.id, groupName: group?.name, days: draft.days };
}
