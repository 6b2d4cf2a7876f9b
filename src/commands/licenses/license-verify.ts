import { z } from 'zod';
import { assertCan } from '../../services/authorization.js';
import { verifyLicenseCountsNow } from '../../jobs/verify-license-counts.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** `/ub license verify`: recount the licenses in use now and repair the counters if they drifted. */
export const licenseVerifySubcommand = defineSubcommand({
  name: 'license verify',
  usage: '',
  summary: 'Recount the licenses in use from the people who hold them, and repair the counts if they drifted.',
  details: [
    'ub does this every day by itself; `/ub license` shows when it last did.',
    'A repair is written to the audit log with how far the counts were off and why.',
  ],
  permission: 'license.manage',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request, _input, ctx) => {
    assertCan(ctx.actor, 'license.manage');
    await verifyLicenseCountsNow(request.deps.jobs, {
      orgId: ctx.orgId,
      requestedBy: {
        slackUserId: request.slackUserId,
        ...(ctx.actor.email ? { email: ctx.actor.email } : {}),
        ...(ctx.actor.userId ? { userId: ctx.actor.userId } : {}),
      },
      requestId: request.requestId,
    });
    await request.reply({
      text: ':mag: Recounting the licenses in use from the people who hold them. The result comes as a DM from ub in a moment.',
    });
  },
});
