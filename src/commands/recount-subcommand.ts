import type { Agenda } from 'agenda';
import { z } from 'zod';
import type { RecountRequester } from '../jobs/kit/recount-job.js';
import { assertCan } from '../services/authorization.js';
import { defineSubcommand } from '../slack/kit/subcommand.js';

/**
 * A `… verify` subcommand: starts a recount job for the organization now (its result comes to the
 * admin as a DM, its repairs audited as theirs) and says so at once. `/ub license verify` and
 * `/ub adoption verify` are this with their own job and words.
 */
export function defineRecountSubcommand(spec: {
  name: string;
  summary: string;
  details: string[];
  start: (jobs: Agenda, input: { orgId: string; requestedBy: RecountRequester; requestId: string }) => Promise<void>;
  /** What the admin reads while the recount runs. */
  started: string;
}) {
  return defineSubcommand({
    name: spec.name,
    usage: '',
    summary: spec.summary,
    details: spec.details,
    permission: 'license.manage',
    reply: 'ephemeral',
    positionals: [],
    schema: z.object({}),
    handle: async (request, _input, ctx) => {
      assertCan(ctx.actor, 'license.manage');
      await spec.start(request.deps.jobs, {
        orgId: ctx.orgId,
        requestedBy: {
          slackUserId: request.slackUserId,
          ...(ctx.actor.email ? { email: ctx.actor.email } : {}),
          ...(ctx.actor.userId ? { userId: ctx.actor.userId } : {}),
        },
        requestId: request.requestId,
      });
      await request.reply({ text: spec.started });
    },
  });
}
