import { z } from 'zod';
import { count } from '../plural.js';
import {
  DEFAULT_INVITATION_LANGUAGE,
  INVITATION_LANGUAGES,
  ROLES,
  type InvitationLanguage,
} from '../services/domain.js';
import { normalizeEmail } from '../services/email.js';
import { inviteBatch, settleInviteBatches } from '../services/invitations/invite-batch.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { withDeliveryLine } from '../views/bulk-run-blocks.js';
import { inviteDmFooter, invitationDeliveryLine } from '../views/invitations/invitation-dm-blocks.js';
import { invitationDmDelivery } from './invitation-dm.js';
import type { InvitationDelivery } from '../services/invitations/record-invitation-delivery.js';
import { defineBulkKind, reportedItem } from './kit/bulk-kind.js';

const inviteInput = z.object({
  plan: z.object({
    role: z.enum(ROLES),
    pro: z.boolean(),
    message: z.string().optional(),
    groupIds: z.array(z.string()),
    groupNames: z.array(z.string()),
    // Runs stored before invitations had a language resume in English.
    language: z
      .enum(INVITATION_LANGUAGES.map((l) => l.code) as [InvitationLanguage, ...InvitationLanguage[]])
      .default(DEFAULT_INVITATION_LANGUAGE),
  }),
  /** @mentions that gave no email: failed before the run, shown in its result. */
  unresolved: z.array(reportedItem),
  /** Addresses listed again (in any case): skipped before the run, each shown in its result. */
  repeated: z.array(reportedItem).default([]),
  organizationName: z.string().optional(),
  /** The organization's learning site when the run was started, linked from the DMs. */
  learningUrl: z.string().optional(),
});

const inviteItem = z.object({
  /** As typed. */
  email: z.string(),
  /** Known from an @mention: the DM needs no lookup. */
  slackUserId: z.string().optional(),
});

export type InvitePeopleInput = z.infer<typeof inviteInput>;
export type InvitePeopleItem = z.infer<typeof inviteItem>;

/**
 * A bulk invite (`/ub invite` of more than a few addresses, and every invite from the form): the
 * seats and invitations page by page (inviteBatch: a few round trips per 100 addresses), the
 * per-address result, then one invitation DM per new invitee who is in the workspace.
 */
export const invitePeople = defineBulkKind<InvitePeopleInput, InvitePeopleItem, InvitationDelivery>({
  name: 'invite',
  input: inviteInput,
  item: inviteItem,
  title: (_input, total) => `Inviting ${count(total, 'person', 'people')}`,
  applyPage: async (ctx, input, page) => {
    const outcomes = await inviteBatch(
      ctx,
      { ...input.plan, message: input.plan.message },
      {
        id: page.key,
        run: page.runId,
        items: page.items.map((item, i) => ({ index: page.first + i, email: item.email })),
      },
    );
    return outcomes.map(({ status, email, reason }) => ({ status, email, reason }));
  },
  afterApply: (ctx, input, pageKeys) => settleInviteBatches(ctx, input.plan, pageKeys),
  deliver: invitationDmDelivery<z.infer<typeof inviteInput>, z.infer<typeof inviteItem>>(
    (_env, input, item) =>
      Promise.resolve({
        email: normalizeEmail(item.email),
        role: input.plan.role,
        licenseType: input.plan.pro ? 'pro' : 'standard',
        groupNames: input.plan.groupNames,
        message: input.plan.message,
        language: input.plan.language,
        slackUserId: undefined,
      }),
    (item) => item.slackUserId,
  ),
  resultTitle: () => 'Invitations',
  reported: (input) => [
    ...input.unresolved.map((item) => ({ ...item, status: 'failed' as const })),
    ...input.repeated.map((item) => ({ ...item, status: 'skipped' as const })),
  ],
  result: (input, result, delivery) =>
    withDeliveryLine(
      bulkResultBlocks({
        title: 'Invitations',
        ...result,
        skipped: [...result.skipped, ...input.repeated],
        failed: [...input.unresolved, ...result.failed],
        footer: inviteDmFooter(input.plan.language),
      }),
      delivery && delivery.wanted > 0 ? invitationDeliveryLine(delivery) : undefined,
    ),
});
