import { z } from 'zod';
import { approvalPolicy, setApprovalPolicy, type PolicyChange } from '../../services/approvals/approval-policy.js';
import type { ServiceContext } from '../../services/context.js';
import { UbError } from '../../services/errors.js';
import { argToken, choiceArg, positiveIntArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { approvalPolicyText } from '../../views/approvals/request-blocks.js';

const KIND_WORDS = {
  invite: 'invite',
  join: 'group_add',
  'group-add': 'group_add',
  pro: 'license_pro',
  access: 'access',
} as const;

async function show(request: CommandRequest, ctx: ServiceContext, changed: boolean): Promise<void> {
  await request.reply({ text: approvalPolicyText(await approvalPolicy(ctx), changed) });
}

/** `/ub approvals policy [expire-after <days> | escalate-after <hours> | two-approvals <kind> on|off]` */
export const approvalsPolicySubcommand = defineSubcommand({
  name: 'approvals policy',
  usage: '[expire-after <days> | escalate-after <hours> | two-approvals invite|join|pro|access on|off]',
  summary: 'Show or change how requests are handled: expiry, escalation, two approvals.',
  details: [
    'Without arguments it shows the policy. Changes apply to requests asked from then on.',
    '`two-approvals pro on`: Pro licenses need two approvals, from two approvers; the second one carries it out.',
    '`escalate-after 24`: a request its group admins leave waiting a day goes to the org admins too.',
  ],
  permission: 'group.assign_admin',
  reply: 'ephemeral',
  positionals: [{ name: 'setting' }, { name: 'value' }, { name: 'switch' }],
  schema: z.object({
    setting: choiceArg(['expire_after', 'escalate_after', 'two_approvals'] as const).optional(),
    value: argToken.optional(),
    switch: choiceArg(['on', 'off'] as const).optional(),
  }),
  handle: async (request, input, ctx) => {
    if (!input.setting) return show(request, ctx, false);
    await setApprovalPolicy(ctx, changeOf(input.setting, input.value, input.switch));
    await show(request, ctx, true);
  },
});

function changeOf(
  setting: PolicyChange['setting'],
  value: z.infer<typeof argToken> | undefined,
  onOff: 'on' | 'off' | undefined,
): PolicyChange {
  if (setting === 'two_approvals') {
    const word = value?.kind === 'text' ? value.value.toLowerCase() : '';
    const kind = Object.hasOwn(KIND_WORDS, word) ? KIND_WORDS[word as keyof typeof KIND_WORDS] : undefined;
    if (!kind || !onOff)
      throw new UbError('invalid_input', 'Name the kind and on or off: `/ub approvals policy two-approvals pro on`.');
    return { setting, kind, on: onOff === 'on' };
  }
  const number = positiveIntArg({ max: 720 }).safeParse(value);
  if (!number.success)
    throw new UbError(
      'invalid_input',
      `Give a whole number: \`/ub approvals policy ${setting.replace('_', '-')} <n>\`.`,
    );
  return setting === 'expire_after' ? { setting, days: number.data } : { setting, hours: number.data };
}
