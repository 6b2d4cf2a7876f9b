import { LogLevel, WebClient, type RetryOptions } from '@slack/web-api';
import type { SlackMode } from '../config.js';
import { slackClientOptions } from './client-options.js';
import { UbError } from '../services/errors.js';
import { findInstallation } from '../services/slack-installation-repository.js';
import type { Store } from '../services/store.js';

/** Web API clients for work that runs outside a Slack request (jobs): one per workspace. */
export interface WorkspaceClients {
  /** The bot's client for an organization (a workspace), with the background retry policy. */
  forOrganization(orgId: string): Promise<WebClient>;
}

/**
 * Single-workspace mode has one bot token; with OAuth installs each workspace's bot token is read
 * from its installation. Clients are kept per token so that one workspace's rate-limit pauses
 * (which a client applies to its whole queue) pace all of that workspace's background calls.
 */
export function workspaceClients(input: {
  slack: SlackMode;
  store: Store;
  slackApiUrl: string;
  retryConfig: RetryOptions;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}): WorkspaceClients {
  const clients = new Map<string, WebClient>();
  const clientFor = (token: string) => {
    let client = clients.get(token);
    if (!client) {
      client = new WebClient(token, {
        ...slackClientOptions({ slackApiUrl: input.slackApiUrl, retryConfig: input.retryConfig }),
        logLevel: LogLevel[input.logLevel.toUpperCase() as keyof typeof LogLevel],
      });
      clients.set(token, client);
    }
    return client;
  };
  return {
    forOrganization: async (orgId) => {
      if (input.slack.kind === 'single-workspace') return clientFor(input.slack.botToken);
      const installation = await findInstallation(input.store, {
        teamId: orgId,
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      });
      const token = (installation?.bot as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string')
        throw new UbError('slack_unavailable', `ub is not installed in the Slack workspace ${orgId} any more.`);
      return clientFor(token);
    },
  };
}
