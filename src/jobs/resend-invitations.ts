import { z } from 'zod';
import { count } from '../plural.js';
import { normalizeEmail } from '../services/email.js';
import { pendingInvitationDetails, resendBatch } from '../services/invitations/resend-invitations.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { withDeliveryLine } from '../views/bulk-run-blocks.js';
import { INVITE_DM_FOOTER, invitationDeliveryLine } from '../views/invitations/invitation-dm-blocks.js';
import { sendInvitationDm } from './invitation-dm.js';
import {
  recordInvitationDeliveries,
  type InvitationDelivery,
} from '../services/invitations/record-invitation-delivery.js';
import { recordNotPosted } from './kit/post-once.js';
import { defineBulkKind, reportedItem } from './kit/bulk-kind.js';

/**
 * `/ub resend --all`, after its confirmation: every pending invitation the actor may manage (as
 * listed when they confirmed) is sent again, once each, then each invitee in the workspace gets the
 * DM again, paced by Slack.
 */
const resendInput = z.object({
  organizationName: z.string().optional(),
  /** The organization's learning site when the run was started, linked from the DMs. */
  learningUrl: z.string().optional(),
  /** @mentions that gave no email: failed before the run, shown in its result. */
  unresolved: z.array(reportedItem),
  /** Addresses named again in the list: sent once, each repeat reported as skipped. */
  repeated: z.array(reportedItem).default([]),
});
const resendItem = z.object({ email: z.string() });

export const resendInvitationsKind = defineBulkKind<
  z.infer<typeof resendInput>,
  z.infer<typeof resendItem>,
  InvitationDelivery
>({
  name: 'resend',
  input: resendInput,
  item: resendItem,
  title: (_input, total) => `Resending ${count(total, 'invitation')}`,
  applyPage: async (ctx, _input, page) => {
    const outcomes = await resendBatch(ctx, {
      id: page.key,
      items: page.items.map((item, i) => ({ index: page.first + i, email: item.email })),
    });
    return outcomes.map(({ status, email, reason }) => ({ status, email, reason }));
  },
  deliver: {
    send: async (env, input, item) => {
      const key = `${env.itemKey}:dm`;
      const invitation = await pendingInvitationDetails(env.ctx, normalizeEmail(item.email));
      if (!invitation) return { outcome: await recordNotPosted(env.post, key, 'no longer pending') };
      const sent = await sendInvitationDm(env.post, env.ctx, {
        key,
        invitation,
        knownSlackUserId: undefined,
        organizationName: input.organizationName,
        learningUrl: input.learningUrl,
        mayBeDone: env.mayBeDone,
      });
      return { outcome: sent.outcome, ...(sent.delivery ? { record: sent.delivery } : {}) };
    },
    recordPage: (ctx, _input, deliveries) => recordInvitationDeliveries(ctx, deliveries),
  },
  resultTitle: () => 'Resent invitations',
  reported: (input) => [
    ...input.unresolved.map((item) => ({ ...item, status: 'failed' as const })),
    ...input.repeated.map((item) => ({ ...item, status: 'skipped' as const })),
  ],
  result: (input, result, delivery) =>
    withDeliveryLine(
      bulkResultBlocks({
        title: 'Resent invitations',
        ...result,
        skipped: [...result.skipped, ...input.repeated],
        failed: [...input.unresolved, ...result.failed],
        footer: INVITE_DM_FOOTER,
      }),
      delivery && delivery.wanted > 0 ? invitationDeliveryLine(delivery) : undefined,
    ),
});
