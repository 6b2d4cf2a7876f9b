import type { Agenda, Job } from 'agenda';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import { systemActor, type ServiceContext } from '../services/context.js';
import { digestReader } from '../services/insights/digests/digest-content.js';
import {
  digestPostKey,
  dueDigestSubscriptions,
  markDigestFailed,
  markDigestPosted,
  refreshDigestTimeZone,
} from '../services/insights/digests/digest-runs.js';
import { UbError } from '../services/errors.js';
import type { DigestSubscriptionDoc } from '../services/models/digest-subscription.js';
import { slackProfile } from '../slack/slack-identity.js';
import { digestPausedText } from '../views/insights/digests/digest-blocks.js';
import { composeDigest } from './digest-delivery.js';
import { keepJobAlive } from './kit/keep-job-alive.js';
import { postOnce, recordedPost, runnerName, type PostEnv, type PostOutcome } from './kit/post-once.js';

export const JOB_NAME = 'digests.post-due';

/** Subscriptions handled per run; the rest wait for the next minute. */
const BATCH = 200;

/**
 * Every minute: posts the weekly digests that are due, each in its owner's time zone
 * (docs/decisions/025-digest-delivery.md). One failing digest is logged and retried later with
 * backoff; it never stops the others. Each digest is posted once per week whatever happens (two
 * replicas, a restart mid-run, the job run twice): postOnce under a key per subscription and week.
 */
export function definePostDigests(agenda: Agenda, deps: AppDeps): void {
  agenda.define(
    JOB_NAME,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        await postDueDigests(deps);
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

export async function schedulePostDigests(agenda: Agenda): Promise<void> {
  await agenda.every('1 minute', JOB_NAME, undefined, { skipImmediate: true });
}

/** One pass over the due digests; returns how each went (for tests and the log). */
export async function postDueDigests(deps: AppDeps): Promise<Array<{ id: string; outcome: string }>> {
  const runner = runnerName();
  const results: Array<{ id: string; outcome: string }> = [];
  for (const sub of await dueDigestSubscriptions(deps.store, deps.now(), BATCH)) {
    try {
      results.push({ id: sub._id, outcome: await postOneDigest(deps, sub, runner) });
    } catch (error) {
      deps.log.warn('digests: digest not posted, tried again later', {
        subscription: sub._id,
        error: (error as Error).message,
      });
      await markDigestFailed(jobContext(deps, sub), sub, { refused: false, reason: (error as Error).message });
      results.push({ id: sub._id, outcome: 'retry' });
    }
  }
  return results;
}

async function postOneDigest(deps: AppDeps, stored: DigestSubscriptionDoc, runner: string): Promise<string> {
  const client = await deps.slack.forOrganization(stored.orgId);
  const profile = await slackProfile({
    store: deps.store,
    client,
    orgId: stored.orgId,
    slackUserId: stored.owner.slackUserId,
    now: deps.now(),
    log: deps.log,
  });
  const sub = await refreshDigestTimeZone(deps.store, stored, profile.tz);
  const env: PostEnv = {
    store: deps.store,
    client,
    orgId: sub.orgId,
    runId: undefined,
    runner,
    leaseMs: deps.jobLockLifetimeMs,
    log: deps.log,
  };
  const key = digestPostKey(sub);
  // Posted (or refused) before a crash: settle the subscription without building anything again.
  const earlier = await recordedPost(env, key);
  const outcome = earlier?.outcome ?? (await postDigest(deps, env, client, sub, key));
  return settle(deps, client, sub, outcome);
}

async function postDigest(
  deps: AppDeps,
  env: PostEnv,
  client: WebClient,
  sub: DigestSubscriptionDoc,
  key: string,
): Promise<PostOutcome> {
  const ctx: ServiceContext = { ...jobContext(deps, sub), actor: await digestReader(env, sub.createdBy) };
  let message;
  try {
    message = await composeDigest(ctx, client, deps, sub.groupIds);
  } catch (error) {
    // The reader may no longer see these groups (not a group admin any more, or gone).
    if (error instanceof UbError && ['not_authorized', 'not_found'].includes(error.code))
      return { state: 'not_sent', reason: error.message };
    throw error;
  }
  return postOnce(env, key, sub.destination, message);
}

async function settle(
  deps: AppDeps,
  client: WebClient,
  sub: DigestSubscriptionDoc,
  outcome: PostOutcome,
): Promise<string> {
  if (outcome.state === 'sent') {
    await markDigestPosted(deps.store, sub, deps.now());
    return 'sent';
  }
  if (outcome.state === 'busy') return 'busy';
  deps.log.warn('digests: Slack refused the digest', { subscription: sub._id, reason: outcome.reason });
  const { paused } = await markDigestFailed(jobContext(deps, sub), sub, { refused: true, reason: outcome.reason });
  if (!paused) return 'refused';
  await client.chat
    .postMessage({
      channel: sub.owner.slackUserId,
      text: digestPausedText({
        destination: sub.destination,
        channel: sub.destinationKind === 'channel',
        reason: outcome.reason,
      }),
    })
    .catch((error: unknown) =>
      deps.log.warn('digests: the owner of a paused digest could not be told', {
        subscription: sub._id,
        error: (error as Error).message,
      }),
    );
  return 'paused';
}

function jobContext(deps: AppDeps, sub: DigestSubscriptionDoc): ServiceContext {
  return {
    store: deps.store,
    orgId: sub.orgId,
    actor: systemActor,
    source: 'job',
    now: deps.now,
    requestId: undefined,
  };
}
