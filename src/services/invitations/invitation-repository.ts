import type { Store } from '../store.js';

/**
 * What other features read of invitations, and the counters that move with them. Pending
 * invitations are counted on the organization (`pendingInvitations`) and on each group they
 * invite into (`inviteeCount`), moved with `$inc` right after the guarded update that changes an
 * invitation's state (created pending, accepted, cancelled), so App Home, `/ub license` and group
 * views never count documents (decision 004). Whoever changes a pending invitation's groups moves
 * the groups' `inviteeCount` too.
 */

/** Moves the pending counters by `delta` (+1 invited, -1 accepted or cancelled) for the organization and the groups. */
export async function countPending(store: Store, orgId: string, groupIds: string[], delta: 1 | -1): Promise<void> {
  await store.organizations.updateOne({ _id: orgId }, { $inc: { pendingInvitations: delta } }).exec();
  for (const groupId of new Set(groupIds))
    await store.groups.updateOne({ _id: groupId, orgId }, { $inc: { inviteeCount: delta } }).exec();
}

/**
 * The pending invitation sent longest ago: one indexed read on MongoDB ({orgId, status,
 * firstSentAt}); FerretDB on SQLite scans the invitations for it (App Home of admins only).
 */
export async function oldestPendingInvitation(
  store: Store,
  orgId: string,
): Promise<{ email: string; firstSentAt: Date } | undefined> {
  const doc = await store.invitations
    .findOne({ orgId, status: 'pending' })
    .sort({ firstSentAt: 1, _id: 1 })
    .select({ email: 1, firstSentAt: 1 })
    .lean()
    .exec();
  return doc ? { email: doc.email, firstSentAt: doc.firstSentAt } : undefined;
}

/**
 * Sets the pending counters of organizations and groups written before they existed, once (at
 * start-up, before requests are served): each is counted, then set only where still missing.
 */
export async function backfillPendingCounters(store: Store): Promise<void> {
  const orgs = await store.organizations
    .find({ pendingInvitations: { $exists: false } })
    .select({ _id: 1 })
    .lean()
    .exec();
  for (const org of orgs) {
    const pending = await store.invitations.countDocuments({ orgId: org._id, status: 'pending' }).exec();
    await store.organizations
      .updateOne({ _id: org._id, pendingInvitations: { $exists: false } }, { $set: { pendingInvitations: pending } })
      .exec();
  }
  const groups = await store.groups
    .find({ inviteeCount: { $exists: false } })
    .select({ _id: 1, orgId: 1 })
    .lean()
    .exec();
  for (const group of groups) {
    const pending = await store.invitations
      .countDocuments({ orgId: group.orgId, groupIds: group._id, status: 'pending' })
      .exec();
    await store.groups
      .updateOne({ _id: group._id, inviteeCount: { $exists: false } }, { $set: { inviteeCount: pending } })
      .exec();
  }
}
