import { randomBytes } from 'node:crypto';
import type { View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { formOpeningClient } from '../client-options.js';
import { FormDidNotOpen } from '../kit/form-did-not-open.js';
import { responseUrl, type ResponseUrl } from '../response-url.js';
import { encodeModalMetadata } from '../kit/modal.js';
import type { CommandRequest, HomePublisher, ReplyMessage } from '../kit/request.js';
import type { AppDeps } from '../../deps.js';
import type { Actor, ServiceContext } from '../../services/context.js';
import type { AuditSource } from '../../services/domain.js';
import { UbError } from '../../services/errors.js';
import type { Logger } from '../../logger.js';
import { resolveSlackActor } from '../slack-identity.js';
import { welcomeFirstAdmin } from '../welcome.js';
import { wakeWaitlist } from '../../jobs/approval-waitlist.js';

export interface RequestOrigin {
  orgId: string;
  slackUserId: string;
  channelId: string | undefined;
  triggerId: string | undefined;
  source: AuditSource;
  /** Where the answer goes: the request's response_url, when it has one. */
  responseUrl: string | undefined;
}

export function newRequestId(): string {
  return `R-${randomBytes(5).toString('hex')}`;
}

/** Turns what Bolt gives a listener into the transport-free request handlers work with. */
export function buildCommandRequest(
  origin: RequestOrigin,
  client: WebClient,
  deps: AppDeps,
  /** How the App Home tab is published, for requests that may change what it shows. */
  home?: HomePublisher,
): CommandRequest {
  const requestId = newRequestId();
  const receivedAt = deps.now();
  const answerUrl: ResponseUrl | undefined = origin.responseUrl
    ? responseUrl({
        url: origin.responseUrl,
        issuedAt: receivedAt,
        requestId,
        log: deps.log,
        ...(deps.responseUrlRetry ? { policy: deps.responseUrlRetry } : {}),
      })
    : undefined;
  let actor: Promise<Actor> | undefined;
  let context: Promise<ServiceContext> | undefined;
  const resolveActor = () =>
    (actor ??= resolveSlackActor({
      store: deps.store,
      client,
      orgId: origin.orgId,
      slackUserId: origin.slackUserId,
      now: deps.now(),
      requestId,
      log: deps.log,
    }).then(async ({ actor: resolved, bootstrapped }) => {
      // A first admin's first contact: tell them what to set up first.
      if (bootstrapped)
        await welcomeFirstAdmin({
          store: deps.store,
          client,
          orgId: origin.orgId,
          slackUserId: origin.slackUserId,
          installed: false,
          log: deps.log,
        });
      return resolved;
    }));
  return {
    requestId,
    orgId: origin.orgId,
    slackUserId: origin.slackUserId,
    channelId: origin.channelId,
    triggerId: origin.triggerId,
    source: origin.source,
    client,
    deps,
    reply: async (message: ReplyMessage) => {
      if (!answerUrl) {
        await postToUser(client, origin, message, deps.log);
        return;
      }
      await answerUrl.post({
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks } : {}),
        response_type: message.visibility ?? 'ephemeral',
        replace_original: message.replaceOriginal ?? false,
      });
    },
    actor: resolveActor,
    serviceContext: () =>
      (context ??= resolveActor().then((resolved) => ({
        store: deps.store,
        orgId: origin.orgId,
        actor: resolved,
        source: origin.source,
        now: deps.now,
        requestId,
        seatFreed: () => wakeWaitlist(deps, origin.orgId),
      }))),
    refreshHome: async (slackUserIds: readonly string[]) => {
      if (!home) return;
      for (const slackUserId of new Set(slackUserIds)) await home(client, origin.orgId, slackUserId);
    },
    openModal: async (view: View, extra: Record<string, string> = {}) => {
      if (!origin.triggerId) throw new UbError('internal', 'This request cannot open a form (no trigger_id)');
      const privateMetadata = encodeModalMetadata({ channelId: origin.channelId, extra });
      try {
        const opened = await formOpeningClient(client).views.open({
          trigger_id: origin.triggerId,
          view: { ...view, private_metadata: privateMetadata },
        });
        return opened.view?.id ?? '';
      } catch (error) {
        throw new FormDidNotOpen(error);
      }
    },
  };
}

/**
 * Answers a request that has no response_url (a modal submission, an event): ephemeral in the
 * channel it started from when there is one, otherwise a DM from the app.
 */
async function postToUser(
  client: WebClient,
  origin: RequestOrigin,
  message: ReplyMessage,
  log?: Logger,
): Promise<void> {
  const body = { text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) };
  if (origin.channelId) {
    try {
      await client.chat.postEphemeral({ ...body, channel: origin.channelId, user: origin.slackUserId });
      return;
    } catch (error) {
      // Not in that channel (a private one, or a DM between two people): a DM always reaches them.
      log?.info('slack: ephemeral reply failed, sending a DM instead', { error: (error as Error).message });
    }
  }
  await client.chat.postMessage({ ...body, channel: origin.slackUserId });
}
