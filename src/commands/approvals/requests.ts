import { z } from 'zod';
import { requestMessageEnv, updateRequestCards } from '../../jobs/approval-messages.js';
import { cancelRequest } from '../../services/approvals/cancel-request.js';
import { listRequests } from '../../services/approvals/list-requests.js';
import type { ServiceContext } from '../../services/context.js';
import { defineAction, encodeActionValue } from '../../slack/kit/action.js';
import { textArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { requestSummary } from '../../views/approvals/request-blocks.js';
import {
  homeRequestsBlocks,
  REQUESTS_PAGE_ACTION_ID,
  requestListBlocks,
} from '../../views/approvals/request-list-blocks.js';
import type { KnownBlock } from '@slack/types';

const PAGE_SIZE = 10;

async function showRequests(
  request: CommandRequest,
  ctx: ServiceContext,
  skips: { d: number; a: number },
  replace: boolean,
): Promise<void> {
  const [toDecide, asked] = await Promise.all([
    listRequests(ctx, { list: 'to_decide', skip: skips.d, limit: PAGE_SIZE }),
    listRequests(ctx, { list: 'asked', skip: skips.a, limit: PAGE_SIZE }),
  ]);
  await request.reply({
    ...requestListBlocks({
      toDecide: toDecide.requests,
      asked: asked.requests,
      nextToDecideValue:
        toDecide.nextSkip !== undefined ? encodeActionValue({ d: toDecide.nextSkip, a: skips.a }) : undefined,
      nextAskedValue: asked.nextSkip !== undefined ? encodeActionValue({ d: skips.d, a: asked.nextSkip }) : undefined,
    }),
    replaceOriginal: replace,
  });
}

/** `/ub requests`: what waits for my decision, and what I asked. */
export const requestsSubcommand = defineSubcommand({
  name: 'requests',
  usage: '',
  summary: 'What waits for your decision, and what you asked for, 10 of each a page.',
  details: ['`/ub requests cancel <code>` withdraws a request of yours that is still pending.'],
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: (request, _input, ctx) => showRequests(request, ctx, { d: 0, a: 0 }, false),
});

export const requestsPage = defineAction({
  actionId: REQUESTS_PAGE_ACTION_ID,
  value: z.object({ d: z.number().int().min(0), a: z.number().int().min(0) }),
  handle: (request, value, ctx) => showRequests(request, ctx, value, true),
});

/** `/ub requests cancel <code>` */
export const requestsCancelSubcommand = defineSubcommand({
  name: 'requests cancel',
  usage: '<code>',
  summary: 'Withdraw a request of yours that is still pending.',
  reply: 'ephemeral',
  positionals: [{ name: 'code' }],
  schema: z.object({ code: textArg({ max: 20, what: 'the code of the request, e.g. K7Q2MX' }) }),
  handle: async (request, input, ctx) => {
    const cancelled = await cancelRequest(ctx, input.code);
    await updateRequestCards(requestMessageEnv(request, ctx.orgId), cancelled, undefined);
    await request.reply({ text: `Request ${cancelled.code} to ${requestSummary(cancelled)} is cancelled.` });
  },
});

/** App Home: the requests waiting for this person's decision, with Approve / Deny. */
export async function homeRequests(_request: CommandRequest, ctx: ServiceContext): Promise<KnownBlock[]> {
  const page = await listRequests(ctx, { list: 'to_decide', skip: 0, limit: 5 });
  return homeRequestsBlocks({ toDecide: page.requests, more: page.nextSkip !== undefined });
}
