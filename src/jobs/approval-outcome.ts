import { markOutcomeTold, waitlistPosition } from '../services/approvals/lifecycle.js';
import type { ApprovalRequest } from '../services/approvals/request-repository.js';
import type { ServiceContext } from '../services/context.js';
import { recordInvitationDeliveries } from '../services/invitations/record-invitation-delivery.js';
import { pendingInvitationDetails } from '../services/invitations/resend-invitations.js';
import { findOrganization } from '../services/organization-repository.js';
import { requestOutcomeDm } from '../views/approvals/request-blocks.js';
import { updateRequestCards, type MessageEnv } from './approval-messages.js';
import { sendInvitationDm } from './invitation-dm.js';
import { postOnce, runnerName } from './kit/post-once.js';

/**
 * Tells everyone how an approved request ended: every card updated in place, the requester DMed
 * (with their place in line when it waits for a seat), and, for an invitation or a seat that was
 * carried out, the invitee gets the invitation DM `/ub invite` sends, before the requester hears.
 * Each DM goes out once per request and outcome (postOnce), and the request is marked told only
 * when all of it is done: a process stopped half-way leaves it to the sweep (untoldOutcomes), which
 * tells it again without repeating what was already said.
 */
export async function tellOutcome(env: MessageEnv, request: ApprovalRequest): Promise<void> {
  await updateRequestCards(env, request, undefined);
  // The invitee first: when the requester reads "done", the invitation is in the invitee's DMs.
  const invited =
    request.outcome === 'executed' && (request.kind === 'invite' || request.kind === 'access')
      ? await sendApprovedInvitationDm(env, request)
      : true;
  const place = request.outcome === 'waitlisted' ? await waitlistPosition(env.store, request) : undefined;
  const told = await tellRequester(env, request, place);
  if (invited && told) await markOutcomeTold(env.store, request);
}

/** The requester's DM of this outcome, once; false when it must be tried again (Slack busy or down). */
async function tellRequester(env: MessageEnv, request: ApprovalRequest, place: number | undefined): Promise<boolean> {
  try {
    const posted = await postOnce(
      { ...env, runId: undefined, runner: runnerName() },
      `${request.id}:told:${request.outcome ?? request.status}`,
      request.requester.slackUserId,
      requestOutcomeDm(request, place),
    );
    if (posted.state === 'not_sent')
      env.log.warn('approvals: the requester could not be told', { requestId: request.id, reason: posted.reason });
    return posted.state !== 'busy';
  } catch (error) {
    env.log.warn('approvals: the requester was not told yet; the sweep tries again', {
      requestId: request.id,
      error: (error as Error).message,
    });
    return false;
  }
}

/**
 * The invitation DM of an invitation an approval made, through the path `/ub invite` uses
 * (sendInvitationDm: postOnce, then the delivery recorded on the invitation). Keyed by the request,
 * so a decision told twice (a retried click, the sweep finishing an approval a stopped process left)
 * sends it once; the inviter it names is the approver. An invitation no longer pending (accepted or
 * cancelled meanwhile) gets none. A failure is logged and answered false: the sweep tries again.
 */
export async function sendApprovedInvitationDm(env: MessageEnv, request: ApprovalRequest): Promise<boolean> {
  const key = `${request.id}:invitation-dm`;
  const ctx: ServiceContext = {
    store: env.store,
    orgId: env.orgId,
    actor: {
      slackUserId: request.decidedBy?.slackUserId,
      email: request.decidedBy?.email,
      userId: undefined,
      role: request.decidedBy?.role ?? 'admin',
      managedGroups: [],
    },
    source: 'request',
    now: env.now,
    requestId: undefined,
    approvalRequestId: request.id,
  };
  try {
    const invitation = await pendingInvitationDetails(ctx, request.subject.email);
    if (!invitation) return true;
    const forThemselves = request.requester.email === request.subject.email;
    const { delivery } = await sendInvitationDm({ ...env, runId: undefined, runner: runnerName() }, ctx, {
      key,
      invitation,
      knownSlackUserId: forThemselves ? request.requester.slackUserId : undefined,
      organizationName: (await findOrganization(env.store, env.orgId))?.name,
      learningUrl: env.learningUrl,
      mayBeDone: true,
    });
    if (delivery) await recordInvitationDeliveries(ctx, [{ ...delivery, auditId: `${key}:invitation.delivered` }]);
    return true;
  } catch (error) {
    env.log.warn('approvals: the invitation DM of an approved request was not sent yet; the sweep tries again', {
      requestId: request.id,
      error: (error as Error).message,
    });
    return false;
  }
}
