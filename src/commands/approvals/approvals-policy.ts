import { z } from 'zod';
import { approvalPolicy, setApprovalPolicy, type PolicyChange } from '../../services/approvals/approval-policy.js';
import type { ServiceContext } from '../../services/context.js';
import { UbError } from '../../services/errors.js';
import { argToken, choiceArg, positiveIntArg } from '../../slack/kit/arg-schemas.js';
import type { ArgToken } from '../../slack/kit/tokenize.js';
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

/** `/ub approvals policy [<setting> …]` */
export const approvalsPolicySubcommand = defineSubcommand({
  name: 'approvals policy',
  usage:
    '[expire-after <days> | escalate-after <hours> | two-approvals invite|join|pro|access on|off | auto-approve join "<group>" on|off | auto-approve access <domain> on|off | reclaim-pro <days> [<grace days>] | reclaim-pro off]',
  summary:
    'Show or change how requests are handled: expiry, escalation, two approvals, auto-approval, reclaiming unused Pro licenses.',
  details: [
    'Without arguments it shows the policy. Changes apply to requests asked from then on.',
    '`two-approvals pro on`: Pro licenses need two approvals, from two approvers; the second one carries it out.',
    '`escalate-after 24`: a request its group admins leave waiting a day goes to the org admins too.',
    '`auto-approve join "Book club" on`: asking to join that group is approved at once, by the policy.',
    '`auto-approve access acme.com on`: people with an acme.com address get a seat by asking, while seats remain.',
    '`reclaim-pro 30 7`: a Pro license with no learning activity for 30 days gets a warning DM ("I still need it"), and goes back to standard 7 days later (7 unless given) unless its holder learns or keeps it. `reclaim-pro off` stops it.',
  ],
  permission: 'group.assign_admin',
  reply: 'ephemeral',
  positionals: [{ name: 'setting' }, { name: 'what' }, { name: 'which', mayHaveSpaces: true }, { name: 'switch' }],
  schema: z.object({
    setting: choiceArg([
      'expire_after',
      'escalate_after',
      'two_approvals',
      'auto_approve',
      'reclaim_pro',
    ] as const).optional(),
    what: argToken.optional(),
    which: argToken.optional(),
    switch: argToken.optional(),
  }),
  handle: async (request, input, ctx) => {
    if (!input.setting) return show(request, ctx, false);
    await setApprovalPolicy(ctx, changeOf(input.setting, [input.what, input.which, input.switch]));
    await show(request, ctx, true);
  },
});

const word = (token: ArgToken | undefined) => (token?.kind === 'text' ? token.value.trim() : '');
const onOff = (token: ArgToken | undefined) => choiceArg(['on', 'off'] as const).safeParse(token).data;

function changeOf(
  setting: 'expire_after' | 'escalate_after' | 'two_approvals' | 'auto_approve' | 'reclaim_pro',
  [what, which, last]: Array<ArgToken | undefined>,
): PolicyChange {
  if (setting === 'reclaim_pro') return reclaimChange(what, which);
  if (setting === 'two_approvals') {
    const name = word(what).toLowerCase();
    const kind = Object.hasOwn(KIND_WORDS, name) ? KIND_WORDS[name as keyof typeof KIND_WORDS] : undefined;
    const on = onOff(which);
    if (!kind || !on)
      throw new UbError('invalid_input', 'Name the kind and on or off: `/ub approvals policy two-approvals pro on`.');
    return { setting, kind, on: on === 'on' };
  }
  if (setting === 'auto_approve') {
    const on = onOff(last);
    const target = word(which);
    const kind = word(what).toLowerCase();
    if ((kind !== 'join' && kind !== 'access') || !target || !on)
      throw new UbError(
        'invalid_input',
        'Say what, which and on or off: `/ub approvals policy auto-approve join "Book club" on`, or `auto-approve access acme.com on`.',
      );
    return kind === 'join'
      ? { setting: 'auto_approve_join', groupName: target, on: on === 'on' }
      : { setting: 'auto_approve_access', domain: target.toLowerCase().replace(/^@/, ''), on: on === 'on' };
  }
  const number = positiveIntArg({ max: 720 }).safeParse(what);
  if (!number.success)
    throw new UbError(
      'invalid_input',
      `Give a whole number: \`/ub approvals policy ${setting.replace('_', '-')} <n>\`.`,
    );
  return setting === 'expire_after' ? { setting, days: number.data } : { setting, hours: number.data };
}

/** `reclaim-pro <days> [<grace days>]`, or `reclaim-pro off`. */
function reclaimChange(what: ArgToken | undefined, which: ArgToken | undefined): PolicyChange {
  if (word(what).toLowerCase() === 'off') return { setting: 'reclaim_pro', idleDays: undefined, graceDays: undefined };
  const days = positiveIntArg({ max: 365 }).safeParse(what);
  const grace = which === undefined ? undefined : positiveIntArg({ max: 60 }).safeParse(which);
  if (!days.success || (grace !== undefined && !grace.success))
    throw new UbError(
      'invalid_input',
      'Give the days without learning, and optionally the days of grace: `/ub approvals policy reclaim-pro 30 7`, or `reclaim-pro off`.',
    );
  return { setting: 'reclaim_pro', idleDays: days.data, graceDays: grace?.data };
}
