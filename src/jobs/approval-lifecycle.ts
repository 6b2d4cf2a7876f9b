import type { KnownBlock } from '@slack/types';
import type { Agenda, Job } from 'agenda';
import type { AppDeps } from '../deps.js';
import {
  carryOutAsApprover,
  claimEscalation,
  claimGrantWarning,
  endGrant,
  expireRequest,
  organizationsWithWaitlist,
  requestsDue,
  unfinishedApprovals,
  untoldOutcomes,
} from '../services/approvals/lifecycle.js';
import { requestCost } from '../services/approvals/request-cost.js';
import type { ApprovalRequest } from '../services/approvals/request-repository.js';
import { routeApprovers } from '../services/approvals/route-approvers.js';
import type { ServiceContext } from '../services/context.js';
import { commandButton } from '../views/command-button.js';
import { escalationReminderText, grantEndedText, grantEndingBlocks } from '../views/approvals/request-blocks.js';
import {
  dmRequester,
  jobMessageEnv,
  postRequestCards,
  updateRequestCards,
  type MessageEnv,
} from './approval-messages.js';
import { tellOutcome } from './approval-outcome.js';
import { serveWaitlist } from './approval-waitlist.js';
import { jobContext } from './kit/job-context.js';
import { keepJobAlive } from './kit/keep-job-alive.js';

export const APPROVAL_LIFECYCLE_JOB = 'approvals.lifecycle';

/**
 * Every minute: expires requests nobody decided in time, escalates group-level requests left
 * waiting to the org admins (reminding the first approvers), warns a day before a time-bound grant
 * ends and takes it back when it does, finishes approvals a stopped process left half-way (and tells
 * outcomes it left untold), and
 * carries out the waitlist while seats are free. Everything it acts on is read from the requests
 * themselves and each step is a guarded update (services/approvals/lifecycle.ts), so it survives a
 * restart and two replicas running it at once do each thing once.
 */
export function defineApprovalLifecycle(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    APPROVAL_LIFECYCLE_JOB,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        await runLifecycle(deps);
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function scheduleApprovalLifecycle(agenda: Agenda): Promise<void> {
  await agenda.every('1 minute', APPROVAL_LIFECYCLE_JOB, undefined, { skipImmediate: true });
}

async function runLifecycle(deps: AppDeps): Promise<void> {
  const now = deps.now();
  const contextOf = (orgId: string): ServiceContext => jobContext(deps, orgId);
  const envOf = (orgId: string): Promise<MessageEnv> => jobMessageEnv(deps, orgId);
  const each = async (requests: ApprovalRequest[], step: (r: ApprovalRequest, orgId: string) => Promise<void>) => {
    for (const request of requests) {
      const orgId = request.id.slice(0, request.id.length - request.code.length - 1);
      try {
        await step(request, orgId);
      } catch (error) {
        deps.log.error('approvals: a lifecycle step failed; the next run tries again', { request: request.id, error });
      }
    }
  };

  await each(await requestsDue(deps.store, now, 'expire'), async (request, orgId) => {
    const expired = await expireRequest(contextOf(orgId), request.id);
    if (!expired) return;
    const env = await envOf(orgId);
    await updateRequestCards(env, expired, undefined);
    await dmRequester(env, expired);
  });

  await each(await requestsDue(deps.store, now, 'escalate'), async (request, orgId) => {
    const ctx = contextOf(orgId);
    if (!(await claimEscalation(ctx, request))) return;
    const env = await envOf(orgId);
    const routing = await routeApprovers(ctx, {
      kind: request.kind,
      subject: request.subject,
      requester: request.requester.slackUserId,
      level: 'org',
    });
    const first = request.approverIds;
    await postRequestCards(env, {
      request,
      cost: await requestCost(ctx, request.kind),
      approvers: routing.approvers.filter((a) => !a.slackUserId || !first.includes(a.slackUserId)),
      channel: routing.channel,
    });
    for (const approver of first)
      await env.client.chat
        .postMessage({ channel: approver, text: escalationReminderText(request) })
        .catch((error: unknown) => deps.log.warn('approvals: reminder not sent', { error: (error as Error).message }));
  });

  await each(await requestsDue(deps.store, now, 'warn_grant'), async (request, orgId) => {
    if (!(await claimGrantWarning(contextOf(orgId), request))) return;
    const env = await envOf(orgId);
    await dmPerson(env, request, grantEndingBlocks({ request, extendButton: extendButtonOf(request) }));
  });

  await each(await requestsDue(deps.store, now, 'end_grant'), async (request, orgId) => {
    const detail = await endGrant(contextOf(orgId), request);
    if (detail === undefined) return;
    await dmPerson(await envOf(orgId), request, { text: grantEndedText(request, detail) });
  });

  await each(await unfinishedApprovals(deps.store, now), async (request, orgId) => {
    await tellOutcome(await envOf(orgId), await carryOutAsApprover(contextOf(orgId), request));
  });

  await each(await untoldOutcomes(deps.store, now), async (request, orgId) => {
    await tellOutcome(await envOf(orgId), request);
  });

  // The safety net: a seat freed where nobody woke the waitlist (a bulk run, an import) is noticed here.
  for (const orgId of await organizationsWithWaitlist(deps.store)) {
    try {
      await serveWaitlist(deps, orgId);
    } catch (error) {
      deps.log.error('approvals: the waitlist could not be carried out; the next run tries again', { orgId, error });
    }
  }
}

/** "Ask to extend": the same ask again, for the same number of days, for the person who has it. */
function extendButtonOf(request: ApprovalRequest) {
  const days = request.subject.days ?? 30;
  const command =
    request.kind === 'group_add'
      ? `request group add "${(request.subject.groupName ?? '').replace(/"/g, '')}" me --days ${days}`
      : `request pro --days ${days}`;
  return commandButton('Ask to extend', command, { style: 'primary', key: 'extend' });
}

/** The person a grant is for: the requester when they asked for themselves, otherwise found by email. */
async function dmPerson(env: MessageEnv, request: ApprovalRequest, message: { text: string; blocks?: KnownBlock[] }) {
  try {
    const slackUserId =
      request.subject.email === request.requester.email
        ? request.requester.slackUserId
        : (await env.client.users.lookupByEmail({ email: request.subject.email })).user?.id;
    if (!slackUserId) return;
    await env.client.chat.postMessage({
      channel: slackUserId,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
    });
  } catch (error) {
    env.log.warn('approvals: the person could not be told', { request: request.id, error: (error as Error).message });
  }
}
