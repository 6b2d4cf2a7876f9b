import { z } from 'zod';
import { licenseOverview } from '../../services/licenses/license-overview.js';
import { setPro } from '../../services/licenses/set-pro.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import {
  LICENSE_PRO_MODAL_CALLBACK_ID,
  licenseProModalView,
  proChangeText,
} from '../../views/licenses/license-blocks.js';
import { personOrMeArg, switchArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { ServiceContext } from '../../services/context.js';
import { formEmailField } from '../../slack/kit/form-fields.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

async function applyPro(
  request: CommandRequest,
  ctx: ServiceContext,
  input: { email: string; pro: boolean },
): Promise<void> {
  await request.reply({ text: proChangeText(await setPro(ctx, input)) });
}

/** `/ub license pro <email|@mention> [--remove]` */
export const licenseProSubcommand = defineSubcommand({
  name: 'license pro',
  usage: '<email, @mention or me> [--remove]',
  summary: 'Give someone a Pro license, or take it back with --remove.',
  details: [
    'Works for active people and for pending invitations.',
    'Giving Pro needs a free Pro license: `/ub license` shows how many are left.',
    'Not allowed to give licenses? `/ub license pro me` offers to ask for one instead (as `/ub request pro`).',
  ],
  permission: 'license.manage',
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  flags: { remove: { takesValue: false } },
  schema: z.object({ person: personOrMeArg, remove: switchArg }),
  openModal: async (request, ctx) => {
    const overview = await licenseOverview(ctx);
    await request.openModal(licenseProModalView({ proFree: overview.proFree }));
  },
  handle: async (request, input, ctx) => {
    await applyPro(request, ctx, { email: await emailOfPerson(request, input.person), pro: !input.remove });
  },
});

/** The form of `/ub license pro`. */
export const licenseProModal = defineModal({
  callbackId: LICENSE_PRO_MODAL_CALLBACK_ID,
  errorFields: { not_found: 'email', invalid_state: 'email', no_seats: 'change' },
  fields: z.object({
    email: formEmailField,
    change: z.enum(['give', 'remove'], { error: 'Pick give or remove.' }),
  }),
  handle: async (request, input, ctx) => {
    await applyPro(request, ctx, { email: input.email, pro: input.change === 'give' });
  },
});
