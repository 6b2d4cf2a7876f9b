import { z } from 'zod';
import { emailSchema } from '../../services/email.js';
import { assertMayManageInvitations } from '../../services/invitations/invitation-policy.js';
import type { BulkProblem } from '../../services/domain.js';
import { MAX_INVITE_EMAILS } from '../../services/invitations/invite-users.js';
import { splitRepeatedAddresses } from '../../services/invitations/invite-plan.js';
import {
  countPendingToResend,
  pendingInvitationsToResend,
  resendInvitations,
} from '../../services/invitations/resend-invitations.js';
import { findOrganization } from '../../services/organization-repository.js';
import { resendInvitationsKind } from '../../jobs/resend-invitations.js';
import {
  confirmBulkRunFromPreview,
  launchBulkRun,
  prepareBulkRun,
  requestKeyOf,
} from '../../jobs/kit/launch-bulk-run.js';
import { defineConfirmation } from '../../slack/kit/confirmation.js';
import {
  INVITATION_RESEND_ACTION_ID,
  INVITATION_RESEND_ALL_ACTION_ID,
  resendAllPreviewBlocks,
} from '../../views/invitations/invitation-list-blocks.js';
import { INVITE_DM_FOOTER } from '../../views/invitations/invitation-dm-blocks.js';
import { RESEND_MODAL_CALLBACK_ID, resendModalView } from '../../views/invitations/invitation-modals.js';
import { bulkResultBlocks } from '../../views/bulk-result-blocks.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';
import { argToken, switchArg } from '../../slack/kit/arg-schemas.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { defineAction } from '../../slack/kit/action.js';
import { defineModal } from '../../slack/kit/modal.js';
import type { ServiceContext } from '../../services/context.js';
import { sendInvitationDms } from './invite-dms.js';
import { BULK_INVITE_THRESHOLD } from './invite-flow.js';
import { namedPeople } from './named-people.js';
import { splitAddresses } from '../../slack/kit/form-fields.js';
import { rowButtonValue, showInvitationPage } from './invitations.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';

type ResendRequest =
  { all: true } | { emails: string[]; unresolved?: BulkProblem[]; slackIds?: ReadonlyMap<string, string> };

/**
 * Resends, answers with the per-address result, then DMs the invitees who are in Slack. `--all`
 * (and the form's "all") asks first with the count, then runs as a durable job; so does a list of
 * more than a few addresses (without asking: the person named them).
 */
async function resend(request: CommandRequest, ctx: ServiceContext, input: ResendRequest): Promise<void> {
  if ('all' in input) return askToResendAll(request, ctx);
  const unresolved = input.unresolved ?? [];
  if (input.emails.length > BULK_INVITE_THRESHOLD) {
    const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
    const { unique, repeats } = splitRepeatedAddresses(input.emails.map((e) => e.trim()).filter(Boolean));
    await launchBulkRun(request, ctx, resendInvitationsKind, {
      requestKey: requestKeyOf(request),
      input: {
        unresolved,
        repeated: repeats.map(({ email, reason }) => ({ email, reason })),
        ...(organizationName ? { organizationName } : {}),
      },
      items: unique.map((email) => ({ email })),
    });
    return;
  }
  const result =
    input.emails.length > 0
      ? await resendInvitations(ctx, { emails: input.emails })
      : { done: [], skipped: [], failed: [] };
  await request.reply(
    bulkResultBlocks({
      title: 'Resent invitations',
      ...result,
      failed: [...unresolved, ...result.failed],
      footer: INVITE_DM_FOOTER,
    }),
  );
  await sendInvitationDms(
    request,
    ctx,
    result.done.map((d) => d.invitation),
    input.slackIds,
  );
}

/** The confirmation of `--all`: the invitations are listed now (the run holds them), the preview shows how many. */
async function askToResendAll(request: CommandRequest, ctx: ServiceContext): Promise<void> {
  if ((await countPendingToResend(ctx)) === 0) {
    await request.reply({ text: 'There are no pending invitations to resend.' });
    return;
  }
  const emails = await pendingInvitationsToResend(ctx);
  const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
  const run = await prepareBulkRun(request, ctx, resendInvitationsKind, {
    requestKey: requestKeyOf(request, 'resend-all'),
    input: { unresolved: [], repeated: [], ...(organizationName ? { organizationName } : {}) },
    items: emails.map((email) => ({ email })),
  });
  await request.reply(resendAllPreviewBlocks(run.total, resendAllConfirm.encode({ r: run.id })));
}

/** Confirm on the `--all` preview: starts the run once; the preview becomes "Started: 0 of N". */
export const resendAllConfirm = defineConfirmation({
  actionId: INVITATION_RESEND_ALL_ACTION_ID,
  value: z.object({ r: z.string().min(1).max(200) }),
  confirm: (request, value, ctx) => confirmBulkRunFromPreview(request, ctx, resendInvitationsKind, value.r),
});

/** `/ub resend <emails or @mentions>... | --all` */
export const resendSubcommand = defineSubcommand({
  name: 'resend',
  usage: '<emails or @mentions>... | --all',
  summary: 'Send pending invitations again (one, several, or all of them).',
  details: [
    'Each resend counts as one more send; an address keeps one pending invitation.',
    'Invitees in this Slack workspace get the invitation DM again.',
    '`--all` asks first, with the count; it (and a list of more than 5) runs in the background, with its progress in a DM from ub.',
    'Group admins resend the invitations into the groups they manage.',
  ],
  permission: 'invitation.manage',
  reply: 'ephemeral',
  positionals: [{ name: 'people', variadic: true }],
  flags: { all: { takesValue: false } },
  schema: z
    .object({
      people: z
        .array(argToken)
        .max(MAX_INVITE_EMAILS, `takes at most ${MAX_INVITE_EMAILS.toLocaleString('en-US')} addresses at a time`),
      all: switchArg,
    })
    .refine((v) => v.people.length > 0 || v.all, { message: 'needs email addresses or `--all`', path: ['people'] })
    .refine((v) => !(v.people.length > 0 && v.all), {
      message: 'cannot be combined with email addresses',
      path: ['all'],
    }),
  openModal: async (request, ctx) => {
    assertMayManageInvitations(ctx);
    await request.openModal(resendModalView());
  },
  handle: async (request, input, ctx) => {
    if (input.all) return resend(request, ctx, { all: true });
    return resend(request, ctx, await namedPeople(request, input.people));
  },
});

/** The form of `/ub resend`: addresses, or every pending invitation. */
export const resendModal = defineModal({
  callbackId: RESEND_MODAL_CALLBACK_ID,
  errorFields: { invalid_input: 'emails' },
  fields: z
    .object({
      emails: z.string().transform(splitAddresses).optional(),
      all: z
        .array(z.string())
        .optional()
        .transform((v) => v?.includes('all') ?? false),
    })
    .superRefine((v, ctx) => {
      const emails = v.emails ?? [];
      if (emails.length === 0 && !v.all)
        ctx.addIssue({ code: 'custom', path: ['emails'], message: 'Enter email addresses, or tick the box below.' });
      if (emails.length > 0 && v.all)
        ctx.addIssue({
          code: 'custom',
          path: ['all'],
          message: 'Either addresses or every pending invitation, not both.',
        });
      const bad = emails.filter((e) => !emailSchema.safeParse(e).success);
      if (bad.length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['emails'],
          message: `Not email addresses: ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ` and ${bad.length - 3} more` : ''}`,
        });
      if (emails.length > MAX_INVITE_EMAILS)
        ctx.addIssue({
          code: 'custom',
          path: ['emails'],
          message: `At most ${MAX_INVITE_EMAILS} addresses at a time.`,
        });
    }),
  handle: async (request, input, ctx) => {
    await resend(request, ctx, input.all ? { all: true } : { emails: input.emails ?? [] });
  },
});

/** Resend on a row of `/ub invitations`: the list is redrawn in place with what happened. */
export const resendButton = defineAction({
  actionId: INVITATION_RESEND_ACTION_ID,
  value: rowButtonValue,
  handle: async (request, value, ctx) => {
    const result = await resendInvitations(ctx, { emails: [value.e] });
    const outcome = result.done[0] ?? result.skipped[0] ?? result.failed[0];
    const notice = result.done[0]
      ? `:envelope: Resent the invitation to ${escapeMrkdwn(value.e)} (${escapeMrkdwn(result.done[0].reason ?? '')}).`
      : `:warning: ${escapeMrkdwn(value.e)}: ${escapeMrkdwn(outcome?.reason ?? 'nothing to resend')}.`;
    await showInvitationPage(
      request,
      ctx,
      { pageNumber: value.p, ...(value.f !== undefined ? { from: value.f } : {}) },
      { replace: true, notice },
    );
    await sendInvitationDms(
      request,
      ctx,
      result.done.map((d) => d.invitation),
    );
  },
});
