import { z } from 'zod';
import { delegateApprovals } from '../../services/approvals/delegations.js';
import { argToken, personArg } from '../../slack/kit/arg-schemas.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { slackDate } from '../../views/format.js';
import { UbError } from '../../services/errors.js';

/** `2026-12-24`: the start of that day, UTC. */
const dateArg = argToken.transform((t, ctx) => {
  const match = t.kind === 'text' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(t.value.trim()) : null;
  const date = match ? new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== t.value.trim()) {
    ctx.addIssue({ code: 'custom', message: 'must be a date written YYYY-MM-DD, e.g. 2026-12-24' });
    return z.NEVER;
  }
  return date;
});

/** `/ub approvals delegate @x --until 2026-12-24` */
export const approvalsDelegateSubcommand = defineSubcommand({
  name: 'approvals delegate',
  usage: '<@mention or email> --until <YYYY-MM-DD>',
  summary: 'Hand your approvals to someone while you are away; they come back to you by themselves.',
  details: [
    'Until that day (UTC) requests that would come to you go to them, and they decide with your permissions; the card says so.',
    'Run it again to change the person or the date.',
  ],
  reply: 'ephemeral',
  positionals: [{ name: 'person' }],
  flags: { until: { takesValue: true } },
  schema: z.object({ person: personArg, until: dateArg }),
  handle: async (request, input, ctx) => {
    if (input.person.kind !== 'slack')
      throw new UbError('invalid_input', 'Pick the person with Slack’s @ autocomplete: requests reach them in Slack.');
    const email = await emailOfPerson(request, input.person);
    await delegateApprovals(ctx, {
      delegateSlackUserId: input.person.slackUserId,
      delegateEmail: email,
      until: input.until,
    });
    await request.reply({
      text: `Until ${slackDate(input.until)}, requests for you go to <@${input.person.slackUserId}>, who decides them for you.`,
    });
  },
});
