import type { BulkProblem, InvitationLanguage, Role } from '../../services/domain.js';
import { normalizeEmail } from '../../services/email.js';
import { inviteUsers } from '../../services/invitations/invite-users.js';
import { inviteAddresses, planInvite, splitRepeatedAddresses } from '../../services/invitations/invite-plan.js';
import { findOrganization } from '../../services/organization-repository.js';
import { invitePeople } from '../../jobs/invite-people.js';
import { launchBulkRun, requestKeyOf } from '../../jobs/kit/launch-bulk-run.js';
import { bulkResultBlocks } from '../../views/bulk-result-blocks.js';
import { inviteDmFooter } from '../../views/invitations/invitation-dm-blocks.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import type { ServiceContext } from '../../services/context.js';
import { sendInvitationDms } from './invite-dms.js';

/**
 * Above this many addresses an invite runs as a durable job (progress in a DM, resumed after a
 * crash); a handful is answered in the request, as fast as one reply.
 */
export const BULK_INVITE_THRESHOLD = 5;

export interface InviteRequest {
  /** Addresses as typed (malformed ones are reported per address). */
  emails: string[];
  /** @mentions that did not give an email, reported as failed. */
  unresolved: BulkProblem[];
  /** Slack users already known from @mentions, by email, so their DM needs no lookup. */
  slackIds: ReadonlyMap<string, string>;
  groupNames?: string[];
  groupIds?: string[];
  role?: Role;
  pro: boolean;
  message?: string;
  language?: InvitationLanguage;
}

/**
 * Runs an invite from the command or the form. Every invite from the form, and any of more than
 * BULK_INVITE_THRESHOLD addresses, is a durable job (src/jobs/invite-people.ts); a smaller one is
 * invited here, answered with the per-address result, and then its invitees are DMed.
 */
export async function runInvite(request: CommandRequest, ctx: ServiceContext, input: InviteRequest): Promise<void> {
  const planInput = {
    ...(input.groupNames ? { groupNames: input.groupNames } : {}),
    ...(input.groupIds ? { groupIds: input.groupIds } : {}),
    ...(input.role ? { role: input.role } : {}),
    pro: input.pro,
    ...(input.message ? { message: input.message } : {}),
    ...(input.language ? { language: input.language } : {}),
  };
  if (request.source === 'modal' || input.emails.length > BULK_INVITE_THRESHOLD) {
    const { unique: addresses, repeats } = splitRepeatedAddresses(inviteAddresses(input.emails));
    // Refusals (unknown group, not allowed) are answered now, before anything is stored.
    const plan = await planInvite(ctx, planInput);
    const organizationName = (await findOrganization(ctx.store, ctx.orgId))?.name;
    await launchBulkRun(request, ctx, invitePeople, {
      requestKey: requestKeyOf(request),
      input: {
        plan: { ...plan, ...(plan.message ? { message: plan.message } : { message: undefined }) },
        unresolved: input.unresolved,
        repeated: repeats.map(({ email, reason }) => ({ email, reason })),
        ...(organizationName ? { organizationName } : {}),
        ...(request.deps.learningUrl ? { learningUrl: request.deps.learningUrl } : {}),
      },
      items: addresses.map((email) => {
        const slackUserId = input.slackIds.get(normalizeEmail(email));
        return slackUserId ? { email, slackUserId } : { email };
      }),
    });
    return;
  }
  const result = await inviteUsers(ctx, { emails: input.emails, ...planInput });
  await request.reply(
    bulkResultBlocks({
      title: 'Invitations',
      done: result.done,
      skipped: result.skipped,
      failed: [...input.unresolved, ...result.failed],
      footer: inviteDmFooter(input.language),
    }),
  );
  await sendInvitationDms(
    request,
    ctx,
    result.done.map((d) => d.invitation),
    input.slackIds,
  );
}
