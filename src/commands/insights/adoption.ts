import { z } from 'zod';
import { listStuckPeople, readFunnel, STUCK_STEPS, MAX_STUCK_PAGE } from '../../services/insights/funnel.js';
import { reconcileFunnelsNow } from '../../jobs/reconcile-funnels.js';
import { defineAction } from '../../slack/kit/action.js';
import { defineRecountSubcommand } from '../recount-subcommand.js';
import { textArg } from '../../slack/kit/arg-schemas.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { ADOPTION_STUCK_ACTION_ID, adoptionBlocks, stuckPeopleBlocks } from '../../views/insights/adoption-blocks.js';

const STUCK_PAGE_SIZE = Math.min(20, MAX_STUCK_PAGE);

/** `/ub adoption [group]`: the User Adoption Funnel of the organization, a group, or the groups one manages. */
export const adoptionSubcommand = defineSubcommand({
  name: 'adoption',
  usage: '[group]',
  summary: 'The adoption funnel: licenses → invited → joined → enrolled → first lecture, with the week’s change.',
  details: [
    'Without a group: the organization for admins, the groups they manage for group admins.',
    '“Who is stuck” lists the people who reached a step and not the next one, 20 a page.',
    '`/ub adoption verify` recounts the funnel from the people and repairs the counts if they drifted.',
  ],
  permission: 'insights.view',
  reply: 'ephemeral',
  positionals: [{ name: 'group', mayHaveSpaces: true }],
  schema: z.object({ group: textArg({ max: 200, what: 'a group name (in quotes when it has spaces)' }).optional() }),
  handle: async (request, input, ctx) => {
    const report = await readFunnel(ctx, input.group !== undefined ? { groupNames: [input.group] } : {});
    await request.reply(adoptionBlocks(report));
  },
});

/** `/ub adoption verify`: recount the funnels now (a job) and repair drift; the result comes as a DM. */
export const adoptionVerifySubcommand = defineRecountSubcommand({
  name: 'adoption verify',
  summary: 'Recount the adoption funnels from the people, and repair the counts if they drifted.',
  details: ['ub does this every day by itself. A repair is written to the audit log with how far the counts were off.'],
  start: reconcileFunnelsNow,
  started: ':mag: Recounting the adoption funnels from the people. The result comes as a DM from ub in a moment.',
});

/** "Who is stuck here" and its Next: a page of the people stuck before a step; the first page is a new message. */
export const adoptionStuckAction = defineAction({
  actionId: ADOPTION_STUCK_ACTION_ID,
  value: z.object({
    s: z.enum(STUCK_STEPS),
    g: z.string().max(200).optional(),
    a: z.string().max(254).optional(),
    p: z.number().int().min(1).max(100_000).optional(),
  }),
  handle: async (request, value, ctx) => {
    const page = await listStuckPeople(ctx, {
      step: value.s,
      groupId: value.g,
      after: value.a,
      limit: STUCK_PAGE_SIZE,
    });
    const groupName =
      value.g === undefined ? undefined : (await readFunnel(ctx, { groupIds: [value.g] })).groups[0]?.group.name;
    await request.reply({
      ...stuckPeopleBlocks({ page, groupId: value.g, groupName, pageNumber: value.p ?? 1 }),
      replaceOriginal: value.a !== undefined,
    });
  },
});
