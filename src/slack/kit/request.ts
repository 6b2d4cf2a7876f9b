import type { KnownBlock, View } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../../deps.js';
import type { Actor, ServiceContext } from '../../services/context.js';
import type { AuditSource } from '../../services/domain.js';

export interface ReplyMessage {
  text: string;
  blocks?: KnownBlock[];
  visibility?: 'ephemeral' | 'in_channel';
  /** Update the message the interaction came from instead of posting a new one. */
  replaceOriginal?: boolean;
}

/**
 * One request from Slack, as a handler sees it: who, where, how to answer. Built by the Slack
 * layer (slash commands, buttons, modals) so that handlers stay free of Bolt's payload shapes.
 */
export interface CommandRequest {
  requestId: string;
  orgId: string;
  slackUserId: string;
  channelId: string | undefined;
  triggerId: string | undefined;
  source: AuditSource;
  client: WebClient;
  deps: AppDeps;
  /** Answers through the response_url (ephemeral unless said otherwise). */
  reply(message: ReplyMessage): Promise<void>;
  /** The org user behind the Slack user (resolved once, on first use). */
  actor(): Promise<Actor>;
  /**
   * A service context for the actor, stamped with this request's id and source, built once on
   * first use. The kit calls it and hands handlers the result; handlers never need to.
   */
  serviceContext(): Promise<ServiceContext>;
  /**
   * Opens a modal with this request's trigger_id; returns the view id. The kit stores the
   * channel the request came from (and `extra`) in the view's private_metadata, so the
   * submission answers there (see ModalRequest.metadata).
   */
  openModal(view: View, extra?: Record<string, string>): Promise<string>;
  /**
   * Publishes the App Home tab of these Slack users of this workspace again, as the Home
   * listener builds it (after a change made from the Home tab, which Slack does not redraw).
   * Never throws: a Home left as it was is logged.
   */
  refreshHome(slackUserIds: readonly string[]): Promise<void>;
}

/** Publishes one person's App Home tab (slack/listeners/app-home.ts builds it from the features). */
export type HomePublisher = (client: WebClient, orgId: string, slackUserId: string) => Promise<void>;
