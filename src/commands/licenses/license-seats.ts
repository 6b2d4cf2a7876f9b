import { z } from 'zod';
import { licenseOverview } from '../../services/licenses/license-overview.js';
import { MAX_SEATS, setSeats } from '../../services/licenses/set-seats.js';
import {
  LICENSE_SEATS_MODAL_CALLBACK_ID,
  licenseOverviewBlocks,
  licenseSeatsModalView,
} from '../../views/licenses/license-blocks.js';
import { positiveIntArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { ServiceContext } from '../../services/context.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { count, formatNumber } from '../../plural.js';

async function applySeats(
  request: CommandRequest,
  ctx: ServiceContext,
  input: { seats: number; proSeats?: number },
): Promise<void> {
  const overview = await setSeats(ctx, input);
  const pro = input.proSeats !== undefined ? `, ${formatNumber(input.proSeats)} of them Pro` : '';
  await request.reply(
    licenseOverviewBlocks(overview, `:white_check_mark: The account now has ${count(input.seats, 'license')}${pro}.`),
  );
}

/** `/ub license seats <n> [--pro <n>]` */
export const licenseSeatsSubcommand = defineSubcommand({
  name: 'license seats',
  usage: '<n> [--pro <n>]',
  summary: 'Set the number of licenses (and Pro licenses). Never below those in use.',
  details: [
    '`/ub license seats 250 --pro 20`',
    'Pro licenses are part of the licenses: there cannot be more Pro licenses than licenses.',
  ],
  permission: 'license.manage',
  reply: 'ephemeral',
  positionals: [{ name: 'seats' }],
  flags: { pro: { takesValue: true } },
  schema: z.object({ seats: positiveIntArg({ max: MAX_SEATS }), pro: positiveIntArg({ max: MAX_SEATS }).optional() }),
  openModal: async (request, ctx) => {
    await request.openModal(licenseSeatsModalView(await licenseOverview(ctx)));
  },
  handle: async (request, input, ctx) => {
    await applySeats(request, ctx, { seats: input.seats, ...(input.pro !== undefined ? { proSeats: input.pro } : {}) });
  },
});

const countField = (what: string) =>
  z
    .string({ error: `Enter the number of ${what}.` })
    .regex(/^\d+$/, `Enter a whole number of ${what}.`)
    .transform(Number)
    .refine((n) => n <= MAX_SEATS, `At most ${MAX_SEATS.toLocaleString('en-US')}.`);

/** The form of `/ub license seats`. */
export const licenseSeatsModal = defineModal({
  callbackId: LICENSE_SEATS_MODAL_CALLBACK_ID,
  errorFields: { invalid_state: 'seats', invalid_input: 'pro' },
  fields: z.object({ seats: countField('licenses'), pro: countField('Pro licenses') }).refine((v) => v.pro <= v.seats, {
    path: ['pro'],
    message: 'Pro licenses are part of the licenses: at most as many.',
  }),
  handle: async (request, input, ctx) => {
    await applySeats(request, ctx, { seats: input.seats, proSeats: input.pro });
  },
});
