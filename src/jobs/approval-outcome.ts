import { waitlistPosition } from '../services/approvals/lifecycle.js';
import type { ApprovalRequest } from '../services/approvals/request-repository.js';
import type { ServiceContext } from '../services/context.js';
import { recordInvitationDeliveries } from '../services/invitations/record-invitation-delivery.js';
import { pendingInvitationDetails } from '../services/invitations/resend-invitations.js';
import { findOrganization } from '../services/organization-repository.js';
import { requestOutcomeDm } from '../views/approvals/request-blocks.js';
import { dmRequester, updateRequestCards, type MessageEnv } from './approval-messages.js';
import { sendInvitationDm } from './invitation-dm.js';
import { runnerName } from './kit/post-once.js';

/**
 * Tells everyone how an approved request ended: every card updated in place, the requester DMed
 * (with their place in line when it waits for a seat), and, for an invitation or a seat that was
 * carried out, the invitee gets the invitation DM `/ub invite` sends, before the requester hears.
 */
export async function tellOutcome(env: MessageEnv, request: ApprovalRequest): Promise<void> {
  await updateRequestCards(env, request, undefined);
  if (request.outcome === 'waitlisted') {
    const place = await waitlistPosition(env.store, request);
    await env.client.chat
      .postMessage({ channel: request.requester.slackUserId, ...requestOutcomeDm(request, place) })
      .catch((error: unknown) => env.log.warn('approvals: requester not told', { error: (error as Error).message }));
    return;
  }
  // The invitee first: when the requester reads "done", the invitation is in the invitee's DMs.
  if (request.outcome === 'executed' && (request.kind === 'invite' || request.kind === 'access'))
    await sendApprovedInvitationDm(env, request);
  await dmRequester(env, request);
}

/**
 * The invitation DM of an invitation an approval made, through the path `/ub invite` uses
 * (sendInvitationDm: postOnce, then the delivery recorded on the invitation). Keyed by the request,
 * so a decision told twice (a retried click, the sweep finishing an approval a stopped process left)
 * sends it once; the inviter it names is the approver. An invitation no longer pending (accepted or
 * cancelled meanwhile) gets none. A failure is logged: the invitation stands, `/ub resend` reaches them.
 */
export async function sendApprovedInvitationDm(env: MessageEnv, request: ApprovalRequest): Promise<void> {
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
    if (!invitation) return;
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
  } catch (error) {
    env.log.warn('approvals: the invitation DM of an approved request was not sent', {
      requestId: request.id,
      error: (error as Error).message,
    });
  }
}
