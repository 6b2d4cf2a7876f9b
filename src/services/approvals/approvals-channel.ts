import { assertCan } from '../authorization.js';
import type { ServiceContext } from '../context.js';
import { recordAudit } from '../record-audit.js';

/**
 * Sets the channel where requests no group admin can approve are posted (`/ub approvals channel
 * #x`), instead of a DM to every admin. Admins only: it decides who sees every request.
 */
export async function setApprovalsChannel(ctx: ServiceContext, channelId: string): Promise<void> {
  assertCan(ctx.actor, 'group.assign_admin');
  const before = await ctx.store.organizations
    .findOneAndUpdate({ _id: ctx.orgId }, { $set: { approvalsChannel: channelId } })
    .lean()
    .exec();
  await recordAudit(ctx, {
    action: 'approvals.channel_set',
    targetType: 'organization',
    targetId: ctx.orgId,
    before: { approvalsChannel: before?.approvalsChannel ?? null },
    after: { approvalsChannel: channelId },
  });
}
