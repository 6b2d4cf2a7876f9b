import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import type { Logger } from '../logger.js';
import type { CreatedRequest } from '../services/approvals/create-request.js';
import type { RequestCost } from '../services/approvals/request-cost.js';
import {
  recordRequestCards,
  type ApprovalRequest,
  type RequestCard,
} from '../services/approvals/request-repository.js';
import type { Approver } from '../services/approvals/route-approvers.js';
import type { Store } from '../services/store.js';
import { requestCardBlocks, requestOutcomeDm } from '../views/approvals/request-blocks.js';

/**
 * The Slack side of a request, shared by the commands that create and decide requests and by the
 * lifecycle jobs: the approver cards (posted once, then updated in place on every decision), and
 * the requester's DM.
 */
export interface MessageEnv {
  store: Store;
  client: WebClient;
  orgId: string;
  log: Logger;
  now: () => Date;
  /** How long another runner's claim on a post is respected (the job lock lifetime; see postOnce). */
  leaseMs: number;
  /** The learning site an invitation DM links to. */
  learningUrl: string | undefined;
}

/** The message environment of a Slack request (a command, a button, a form). */
export function requestMessageEnv(
  request: { client: WebClient; deps: Pick<AppDeps, 'store' | 'log' | 'now' | 'jobLockLifetimeMs' | 'learningUrl'> },
  orgId: string,
): MessageEnv {
  const { deps } = request;
  return {
    store: deps.store,
    client: request.client,
    orgId,
    log: deps.log,
    now: deps.now,
    leaseMs: deps.jobLockLifetimeMs,
    learningUrl: deps.learningUrl,
  };
}

/** The message environment of a job, with the organization's own Slack client. */
export async function jobMessageEnv(deps: AppDeps, orgId: string): Promise<MessageEnv> {
  return requestMessageEnv({ client: await deps.slack.forOrganization(orgId), deps }, orgId);
}

/**
 * Posts the card to every approver (a DM; people ub has not seen yet are found by email) and to
 * the approvals channel, records where each copy went, and returns the request as recorded with
 * the Slack ids of those it reached. A card that cannot be posted is logged and skipped: the others
 * still go out, and the request stays open to anyone who may decide it.
 */
export async function postRequestCards(
  env: MessageEnv,
  created: Pick<CreatedRequest, 'request' | 'cost'> & { approvers: Approver[]; channel: string | undefined },
): Promise<{ request: ApprovalRequest; approverIds: string[] }> {
  const cards: RequestCard[] = [];
  const approverIds: string[] = [];
  const targets: Array<{ channel: string; onBehalfOf?: string }> = [];
  if (created.channel) targets.push({ channel: created.channel });
  for (const approver of created.approvers) {
    const id = approver.slackUserId ?? (await lookupSlackUser(env, approver.email));
    if (!id || id === created.request.requester.slackUserId) continue;
    approverIds.push(id);
    if (!created.channel)
      targets.push({ channel: id, ...(approver.onBehalfOf ? { onBehalfOf: approver.onBehalfOf } : {}) });
  }
  for (const { channel, onBehalfOf } of targets) {
    try {
      const message = requestCardBlocks({
        request: created.request,
        cost: created.cost,
        ...(onBehalfOf ? { onBehalfOf } : {}),
      });
      const posted = await env.client.chat.postMessage({ channel, ...message });
      if (posted.channel && posted.ts) cards.push({ channel: posted.channel, ts: posted.ts });
    } catch (error) {
      env.log.warn('approvals: a request card could not be posted', {
        requestId: created.request.id,
        channel,
        error: (error as Error).message,
      });
    }
  }
  const request = await recordRequestCards(env.store, env.orgId, created.request.id, { cards, approverIds });
  // Decided while the cards were going out (a quick approver, a cancel): those copies must not keep buttons.
  if (request.status !== 'pending') await updateRequestCards(env, request, undefined);
  return { request, approverIds };
}

/** Every copy of the card shows the request as it is now; decided, it has no button left. */
export async function updateRequestCards(
  env: MessageEnv,
  request: ApprovalRequest,
  cost: RequestCost | undefined,
): Promise<void> {
  const message = requestCardBlocks({ request, cost });
  await Promise.all(
    request.cards.map(async (card) => {
      try {
        await env.client.chat.update({ channel: card.channel, ts: card.ts, ...message });
      } catch (error) {
        env.log.warn('approvals: a request card could not be updated', {
          requestId: request.id,
          channel: card.channel,
          error: (error as Error).message,
        });
      }
    }),
  );
}

/** The requester hears how their request ended (or that it waits for a seat). */
export async function dmRequester(env: MessageEnv, request: ApprovalRequest): Promise<void> {
  try {
    await env.client.chat.postMessage({ channel: request.requester.slackUserId, ...requestOutcomeDm(request) });
  } catch (error) {
    env.log.warn('approvals: the requester could not be told', {
      requestId: request.id,
      error: (error as Error).message,
    });
  }
}

async function lookupSlackUser(env: MessageEnv, email: string): Promise<string | undefined> {
  try {
    const answer = await env.client.users.lookupByEmail({ email });
    return answer.user?.id && !answer.user.deleted ? answer.user.id : undefined;
  } catch (error) {
    env.log.info('approvals: an approver is not in this Slack workspace', { error: (error as Error).message });
    return undefined;
  }
}
