import { z } from 'zod';
import { licenseOverview } from '../../services/licenses/license-overview.js';
import { licenseOverviewBlocks } from '../../views/licenses/license-blocks.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

/** `/ub license`: licenses used and left, standard and Pro. */
export const licenseSubcommand = defineSubcommand({
  name: 'license',
  usage: '',
  summary: 'Show licenses in use and left, standard and Pro.',
  details: [
    'Licenses in use = active people + pending invitations.',
    '`/ub license seats <n> [--pro <n>]` sets the counts; `/ub license pro <email> [--remove]` gives or takes a Pro license.',
  ],
  permission: 'license.manage',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request, _input, ctx) => {
    await request.reply(licenseOverviewBlocks(await licenseOverview(ctx)));
  },
});
