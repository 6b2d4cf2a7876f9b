import { z } from 'zod';
import { changeMembershipBatch, settleMembershipBatches } from '../services/groups/change-membership.js';
import { requireGroupById } from '../services/groups/group-repository.js';
import { bulkResultBlocks } from '../views/bulk-result-blocks.js';
import { defineBulkKind, reportedItem } from './kit/bulk-kind.js';

const membershipInput = z.object({
  change: z.enum(['add', 'remove']),
  /** The group by its stable id: a rename while the run waits changes nothing. */
  groupId: z.string(),
  groupName: z.string(),
  /** @mentions that gave no email: failed before the run, shown in its result. */
  unresolved: z.array(reportedItem),
});

/**
 * `/ub group add` / `group remove` of more than a few people, after their confirmation: each person
 * is added or removed once, and the group's member count moves once per page by what changed.
 */
export const changeGroupMembers = defineBulkKind({
  name: 'group-members',
  input: membershipInput,
  item: z.object({ email: z.string() }),
  title: (input, total) =>
    `${input.change === 'add' ? 'Adding' : 'Removing'} ${total.toLocaleString('en-US')} ${total === 1 ? 'person' : 'people'} ${input.change === 'add' ? 'to' : 'from'} ${input.groupName}`,
  applyPage: async (ctx, input, page) => {
    const group = await requireGroupById(ctx.store, ctx.orgId, input.groupId);
    return changeMembershipBatch(ctx, group, input.change, {
      id: page.key,
      items: page.items.map((item, i) => ({ index: page.first + i, email: item.email })),
    });
  },
  afterApply: (ctx, input, pageKeys) => settleMembershipBatches(ctx, input.groupId, pageKeys),
  resultTitle: (input) => `${input.change === 'add' ? 'Added to' : 'Removed from'} ${input.groupName}`,
  reported: (input) => input.unresolved.map((item) => ({ ...item, status: 'failed' as const })),
  result: (input, result) =>
    bulkResultBlocks({
      title: `${input.change === 'add' ? 'Added to' : 'Removed from'} ${input.groupName}`,
      ...result,
      failed: [...result.failed, ...input.unresolved],
    }),
});
