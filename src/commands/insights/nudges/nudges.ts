import { z } from 'zod';
import { mayEverDo } from '../../../services/authorization.js';
import { changeNudgeSettings, nudgeSettings, scheduledReminders } from '../../../services/insights/nudges/nudges.js';
import { choiceArg, positiveIntArg } from '../../../slack/kit/arg-schemas.js';
import { defineSubcommand } from '../../../slack/kit/subcommand.js';
import { nudgeSettingsBlocks } from '../../../views/insights/nudges/nudge-blocks.js';
import { UbError } from '../../../services/errors.js';

/** `/ub nudges [--reminder on|off] [--delay <hours>]` */
export const nudgesSubcommand = defineSubcommand({
  name: 'nudges',
  usage: '[--reminder on|off] [--delay <hours>]',
  summary: 'See the automatic invitation reminder (on, 48 hours after an invitation) and, as an admin, change it.',
  details: [
    'Each invitee who has not accepted gets one reminder by DM after the delay.',
    '"Nudge them" in the weekly digest nudges people stuck at any step, at most once a week per person and step.',
  ],
  permission: 'nudge.send',
  reply: 'ephemeral',
  positionals: [],
  flags: { reminder: { takesValue: true }, delay: { takesValue: true } },
  schema: z.object({
    reminder: choiceArg(['on', 'off'] as const).optional(),
    delay: positiveIntArg({ max: 720 }).optional(),
  }),
  handle: async (request, input, ctx) => {
    if (!mayEverDo(ctx.actor, 'nudge.send'))
      throw new UbError('not_authorized', 'Nudges are for admins and group admins. `/ub help` shows what you can do.');
    if (input.reminder !== undefined || input.delay !== undefined)
      await changeNudgeSettings(ctx, {
        ...(input.reminder !== undefined ? { reminderEnabled: input.reminder === 'on' } : {}),
        ...(input.delay !== undefined ? { reminderDelayHours: input.delay } : {}),
      });
    const settings = await nudgeSettings(ctx);
    await request.reply(
      nudgeSettingsBlocks({
        reminderEnabled: settings.reminderEnabled,
        reminderDelayHours: settings.reminderDelayHours,
        scheduled: await scheduledReminders(ctx),
        mayChange: ctx.actor.role === 'admin',
      }),
    );
  },
});
