import type { Agenda, Job } from 'agenda';
import type { KnownBlock } from '@slack/types';
import { z } from 'zod';
import type { AppDeps } from '../../deps.js';
import { systemActor, type Actor, type ServiceContext } from '../../services/context.js';
import { organizationIds } from '../../services/organization-repository.js';
import type { RecountOptions } from '../../services/recount-options.js';
import { createStore } from '../../services/store.js';
import { keepJobAlive } from './keep-job-alive.js';

/** Daily: no hurry, a long settle window. On demand: someone is waiting for the answer. */
const DAILY_SETTLE_MS = 5_000;
const ON_DEMAND_SETTLE_MS = 1_000;

/** The admin who asked for a recount now: they get the result as a DM, and the audit entries are theirs. */
export interface RecountRequester {
  slackUserId: string;
  email?: string;
  userId?: string;
}

/** Without `orgId`: every organization (the daily run). With it: one, maybe for the admin who asked. */
const jobData = z
  .object({
    orgId: z.string(),
    requestedBy: z.object({ slackUserId: z.string(), email: z.string().optional(), userId: z.string().optional() }),
    requestId: z.string().optional(),
  })
  .partial()
  .optional();

export interface RecountJobSpec<R> {
  name: string;
  /** Recounts one organization from the documents and repairs the stored counters that drifted. */
  recount: (ctx: ServiceContext, options: RecountOptions) => Promise<R>;
  /** The warning logged when the recount repaired or postponed something; undefined when all was right. */
  drift: (result: R) => { message: string; detail: Record<string, unknown> } | undefined;
  /** The DM to the admin who asked. */
  answer: (result: R) => { text: string; blocks: KnownBlock[] };
}

/**
 * A recount of stored counters against the documents they count (seats, the adoption funnel): the
 * same job every day for every organization and now, for one organization, when an admin asks for a
 * check (the result then comes to them as a DM, and the repairs are audited as theirs).
 */
export function defineRecountJob<R>(agenda: Agenda, deps: AppDeps, spec: RecountJobSpec<R>): void {
  // The counting reads go through the long-read connection; the repairs and audit entries through the app's.
  const counts = createStore(deps.db.longReads);
  agenda.define(
    spec.name,
    async (job: Job<unknown>) => {
      const stop = keepJobAlive(job, deps);
      try {
        const data = jobData.parse(job.attrs.data ?? undefined) ?? {};
        const orgs = data.orgId ? [data.orgId] : await organizationIds(deps.store);
        for (const orgId of orgs) {
          const actor: Actor = data.requestedBy ? { ...systemActor, ...data.requestedBy } : systemActor;
          const ctx: ServiceContext = {
            store: deps.store,
            orgId,
            actor,
            source: data.requestedBy ? 'command' : 'job',
            now: deps.now,
            requestId: data.requestId,
          };
          const result = await spec.recount(ctx, {
            settleMs: data.requestedBy ? ON_DEMAND_SETTLE_MS : DAILY_SETTLE_MS,
            counts,
          });
          const drift = spec.drift(result);
          if (drift) deps.log.warn(drift.message, { orgId, ...drift.detail });
          if (data.requestedBy) {
            const client = await deps.slack.forOrganization(orgId);
            await client.chat.postMessage({ channel: data.requestedBy.slackUserId, ...spec.answer(result) });
          }
        }
      } finally {
        stop();
      }
    },
    { lockLifetime: deps.jobLockLifetimeMs },
  );
}

/** Every day, for every organization; the first run a day after start. */
export async function scheduleDailyRecount(agenda: Agenda, name: string): Promise<void> {
  await agenda.every('1 day', name, undefined, { skipImmediate: true });
}

/** A recount of one organization now; with `requestedBy`, its result as a DM to the admin who asked. */
export async function recountNow(
  agenda: Agenda,
  name: string,
  input: { orgId: string; requestedBy?: RecountRequester; requestId?: string },
): Promise<void> {
  await agenda.now(name, input);
}
