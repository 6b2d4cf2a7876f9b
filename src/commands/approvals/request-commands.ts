import { z } from 'zod';
import { MAX_GRANT_DAYS, MAX_REASON } from '../../services/approvals/create-request.js';
import { UbError } from '../../services/errors.js';
import { argToken, personOrMeArg, positiveIntArg, textArg, type PersonOrMe } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import type { ServiceContext } from '../../services/context.js';
import type { RequestKind } from '../../services/domain.js';
import { emailOfPerson } from '../../slack/kit/resolve-people.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { askOrOpenForm } from './ask.js';

const groupName = textArg({ max: 150, what: 'a group name (in quotes when it has spaces)' });
const reason = textArg({ max: MAX_REASON, what: 'the reason, in quotes' }).optional();
const days = positiveIntArg({ max: MAX_GRANT_DAYS })
  .refine((n) => n >= 1, { message: 'must be at least 1' })
  .optional();
const ME: PersonOrMe = { kind: 'me' };

/** Asks for `kind` for the person named (or the requester), with the group and the days when given. */
async function ask(
  request: CommandRequest,
  ctx: ServiceContext,
  input: {
    kind: RequestKind;
    person: PersonOrMe;
    groupName?: string | undefined;
    days?: number | undefined;
    reason: string | undefined;
  },
): Promise<void> {
  await askOrOpenForm(
    request,
    ctx,
    {
      kind: input.kind,
      email: await emailOfPerson(request, input.person),
      ...(input.groupName !== undefined ? { groupName: input.groupName } : {}),
      ...(input.days !== undefined ? { days: input.days } : {}),
    },
    input.reason,
  );
}

const REASON_DETAIL = 'Without `--reason "…"` a form opens where you give it: approvers read it on the request.';

/** `/ub request invite <email> [--group <name>] [--reason "…"]` */
export const requestInviteSubcommand = defineSubcommand({
  name: 'request invite',
  usage: '<email or @mention> [--group <name>] [--reason "<why>"]',
  summary: 'Ask for an invitation for someone; the group admins of the group (or the admins) decide.',
  details: [REASON_DETAIL, 'One person and at most one group per request.'],
  reply: 'ephemeral',
  positionals: [{ name: 'people', variadic: true }],
  flags: { group: { takesValue: true, repeatable: true, mayHaveSpaces: true }, reason: { takesValue: true } },
  schema: z.object({
    people: z.array(personOrMeArg).length(1, 'takes one person per request'),
    group: z.array(groupName).max(1, 'takes one group per request').optional(),
    reason,
  }),
  handle: (request, input, ctx) =>
    ask(request, ctx, { kind: 'invite', person: input.people[0]!, groupName: input.group?.[0], reason: input.reason }),
});

/** `/ub request group add "<group>" <person|me> [--days N] [--reason "…"]` */
export const requestGroupSubcommand = defineSubcommand({
  name: 'request group',
  usage: 'add "<group>" <email, @mention or me> [--days <n>] [--reason "<why>"]',
  summary: "Ask for someone (or you) to be added to a group; the group's admins decide.",
  details: [REASON_DETAIL, '`--days 30` asks for a membership that ends by itself after 30 days.'],
  reply: 'ephemeral',
  positionals: [{ name: 'verb' }, { name: 'group', mayHaveSpaces: true }, { name: 'person' }],
  flags: { days: { takesValue: true }, reason: { takesValue: true } },
  schema: z.object({
    verb: argToken.refine((t) => t.kind === 'text' && t.value.toLowerCase() === 'add', {
      message: 'must be `add`, as in `/ub request group add Data me`',
    }),
    group: groupName,
    person: personOrMeArg,
    days,
    reason,
  }),
  handle: (request, input, ctx) =>
    ask(request, ctx, {
      kind: 'group_add',
      person: input.person,
      groupName: input.group,
      days: input.days,
      reason: input.reason,
    }),
});

/** `/ub request license pro <person|me> [--days N] [--reason "…"]` */
export const requestLicenseSubcommand = defineSubcommand({
  name: 'request license',
  usage: 'pro <email, @mention or me> [--days <n>] [--reason "<why>"]',
  summary: 'Ask for a Pro license for someone (or you); the admins decide.',
  details: [REASON_DETAIL, '`--days 30` asks for a Pro license that goes back to standard after 30 days.'],
  reply: 'ephemeral',
  positionals: [{ name: 'verb' }, { name: 'person' }],
  flags: { days: { takesValue: true }, reason: { takesValue: true } },
  schema: z.object({
    verb: argToken.refine((t) => t.kind === 'text' && t.value.toLowerCase() === 'pro', {
      message: 'must be `pro`, as in `/ub request license pro me`',
    }),
    person: personOrMeArg,
    days,
    reason,
  }),
  handle: (request, input, ctx) =>
    ask(request, ctx, { kind: 'license_pro', person: input.person, days: input.days, reason: input.reason }),
});

/** `/ub request pro [--days N]`: a Pro license for oneself. */
export const requestProSubcommand = defineSubcommand({
  name: 'request pro',
  usage: '[--days <n>] [--reason "<why>"]',
  summary: 'Ask for a Pro license for yourself, for good or for some days.',
  details: [REASON_DETAIL],
  reply: 'ephemeral',
  positionals: [],
  flags: { days: { takesValue: true }, reason: { takesValue: true } },
  schema: z.object({ days, reason }),
  handle: (request, input, ctx) =>
    ask(request, ctx, { kind: 'license_pro', person: ME, days: input.days, reason: input.reason }),
});

/** `/ub request access`: a seat for a workspace member who has none yet. */
export const requestAccessSubcommand = defineSubcommand({
  name: 'request access',
  usage: '[--reason "<why>"]',
  summary: 'Ask for a seat in ub (an invitation) for yourself; the admins decide.',
  details: [REASON_DETAIL],
  reply: 'ephemeral',
  positionals: [],
  flags: { reason: { takesValue: true } },
  schema: z.object({ reason }),
  handle: async (request, input, ctx) => {
    if (!ctx.actor.email)
      throw new UbError('invalid_input', 'Your Slack profile has no email, so ub cannot invite you. Add one in Slack.');
    await askOrOpenForm(request, ctx, { kind: 'access', email: ctx.actor.email }, input.reason);
  },
});

/** `/ub join "<group>" [--days N]`: ask to join a group. */
export const joinSubcommand = defineSubcommand({
  name: 'join',
  usage: '"<group>" [--days <n>] [--reason "<why>"]',
  summary: "Ask to join a group; the group's admins decide.",
  details: [REASON_DETAIL, '`/ub group list` shows the groups.'],
  reply: 'ephemeral',
  positionals: [{ name: 'group', mayHaveSpaces: true }],
  flags: { days: { takesValue: true }, reason: { takesValue: true } },
  schema: z.object({ group: groupName, days, reason }),
  handle: (request, input, ctx) =>
    ask(request, ctx, {
      kind: 'group_add',
      person: ME,
      groupName: input.group,
      days: input.days,
      reason: input.reason,
    }),
});
