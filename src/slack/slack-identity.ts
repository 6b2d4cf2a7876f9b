import type { WebClient } from '@slack/web-api';
import { resolveActor, type ResolvedActor } from '../services/resolve-actor.js';
import { cachedProfile, saveProfile } from '../services/slack-profile-repository.js';
import type { SlackProfile } from '../services/domain.js';
import type { Store } from '../services/store.js';
import type { Logger } from '../logger.js';

/**
 * Who a Slack user is in ub: their Slack profile email (users.info, cached in MongoDB) linked
 * to the org user with that email. A user Slack will not describe is treated as a plain user.
 */
export async function resolveSlackActor(input: {
  store: Store;
  client: WebClient;
  orgId: string;
  slackUserId: string;
  now: Date;
  requestId: string;
  log: Logger;
}): Promise<ResolvedActor> {
  const profile = await slackProfile(input);
  return resolveActor(
    { store: input.store, orgId: input.orgId, now: () => input.now, requestId: input.requestId },
    profile,
  );
}

export async function slackProfile(input: {
  store: Store;
  client: WebClient;
  orgId: string;
  slackUserId: string;
  now: Date;
  log: Logger;
}): Promise<SlackProfile> {
  const cached = await cachedProfile(input.store, input.orgId, input.slackUserId, input.now);
  if (cached) return cached;
  const profile = await fetchProfile(input.client, input.slackUserId, input.log);
  if (profile && profile !== 'unknown') {
    await saveProfile(input.store, input.orgId, profile, input.now);
    return profile;
  }
  return {
    slackUserId: input.slackUserId,
    email: undefined,
    realName: undefined,
    tz: undefined,
    deleted: false,
    isBot: false,
    ...(profile === 'unknown' ? { unknown: true } : {}),
  };
}

async function fetchProfile(
  client: WebClient,
  slackUserId: string,
  log: Logger,
): Promise<SlackProfile | 'unknown' | undefined> {
  try {
    const answer = await client.users.info({ user: slackUserId });
    const user = answer.user;
    if (!user) return undefined;
    return {
      slackUserId,
      email: user.profile?.email,
      realName: user.real_name ?? user.profile?.real_name,
      tz: user.tz,
      deleted: user.deleted ?? false,
      isBot: user.is_bot ?? false,
    };
  } catch (error) {
    if ((error as { data?: { error?: unknown } }).data?.error === 'user_not_found') return 'unknown';
    // Without users:read.email, or for a user Slack does not know, the person is a plain user.
    log.warn('slack: users.info failed, treating the user as a plain user', {
      slackUserId,
      error: (error as Error).message,
    });
    return undefined;
  }
}
