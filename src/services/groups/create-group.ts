import { randomBytes } from 'node:crypto';
import type { ServiceContext } from '../context.js';
import { assertCan } from '../authorization.js';
import { recordAudit } from '../record-audit.js';
import { writeGroupIndexed } from '../search/group-index-repository.js';
import { claimGroupName, cleanGroupName, type Group } from './group-repository.js';

/** Creates a group; its name is unique in the organization, whatever the case. */
export async function createGroup(ctx: ServiceContext, name: string): Promise<Group> {
  assertCan(ctx.actor, 'group.create');
  const clean = cleanGroupName(name);
  const id = `${ctx.orgId}:g:${randomBytes(8).toString('hex')}`;
  // The name key is written first: its unique `_id` is what makes two creates of "Sales"/"sales" race safely.
  await claimGroupName(ctx.store, ctx.orgId, clean, id);
  await writeGroupIndexed(ctx.store, ctx.orgId, { after: { id, name: clean } }, () =>
    ctx.store.groups.create({ _id: id, orgId: ctx.orgId, name: clean, memberCount: 0 }),
  );
  await recordAudit(ctx, {
    action: 'group.created',
    targetType: 'group',
    targetId: id,
    subjects: [id],
    after: { name: clean },
  });
  return { id, name: clean, memberCount: 0, inviteeCount: 0 };
}
