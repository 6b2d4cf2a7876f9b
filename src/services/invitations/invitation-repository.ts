import type { InvitationDoc } from '../models/invitation.js';
import { groupMembershipWrite, updateByIdGuarded } from '../update-by-id-guarded.js';
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
 * Counts a batch's new invitations on each of its groups (`inviteeCount`), exactly once per `token`
 * and group: the token is set in the same update (a batch applied again moves nothing twice).
 */
export async function countInviteesOnce(
  store: Store,
  orgId: string,
  groupIds: string[],
  token: string,
  created: number,
): Promise<void> {
  for (const groupId of new Set(groupIds)) {
    await store.groups
      .updateOne(
        { _id: groupId, orgId, [`countMoves.${token}`]: { $exists: false } },
        { ...(created > 0 ? { $inc: { inviteeCount: created } } : {}), $set: { [`countMoves.${token}`]: created } },
      )
      .exec();
  }
}

/** Drops the tokens of countInviteesOnce once their batches are applied for good. */
export async function forgetInviteeCounts(store: Store, groupIds: string[], tokens: string[]): Promise<void> {
  if (tokens.length === 0) return;
  for (const groupId of new Set(groupIds)) {
    await store.groups
      .updateOne({ _id: groupId }, { $unset: Object.fromEntries(tokens.map((t) => [`countMoves.${t}`, 1])) })
      .exec();
  }
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

/** What one group change did to a pending invitation. */
export type PendingGroupChange = 'changed' | 'unchanged' | 'not_pending';

/**
 * Adds a group to (or removes it from) a pending invitation: the person joins with its groups when
 * they accept. One guarded update, which also records `key` (the group command's item) so a batch
 * applied again after a crash recognizes its own change and reports it as `changed` once more. The
 * caller moves the group's `inviteeCount` by the changes (once per batch, see change-membership.ts).
 */
export async function changePendingInvitationGroup(
  store: Store,
  invitationId: string,
  groupId: string,
  change: 'add' | 'remove',
  key: string,
): Promise<PendingGroupChange> {
  type Pending = Pick<InvitationDoc, 'status' | 'groupIds' | 'groupChanges'> & { version?: number };
  const write = groupMembershipWrite<Pending>({
    groupId,
    change,
    key,
    marks: 'groupChanges',
    markOf: (before) => before.groupChanges?.[groupId],
  });
  // By `_id` only (updateByIdGuarded): a guarded filter would scan `invitations` on FerretDB/SQLite.
  const written = await updateByIdGuarded<InvitationDoc, Pending>(
    store.invitations,
    invitationId,
    { status: 1, groupIds: 1, groupChanges: 1 },
    (invitation) =>
      invitation.groupChanges?.[groupId] !== key &&
      invitation.status === 'pending' &&
      (change === 'add') !== invitation.groupIds.includes(groupId),
    write.update,
    write.undo,
  );
  if (written.applied) return 'changed';
  const invitation = written.doc;
  if (invitation?.groupChanges?.[groupId] === key) return 'changed';
  return invitation?.status === 'pending' ? 'unchanged' : 'not_pending';
}

/** A pending invitation's groups, or undefined when the address has none pending: one `_id` read. */
export async function pendingInvitationGroups(store: Store, invitationId: string): Promise<string[] | undefined> {
  const invitation = await store.invitations.findById(invitationId).select({ status: 1, groupIds: 1 }).lean().exec();
  return invitation?.status === 'pending' ? invitation.groupIds : undefined;
}

/**
 * One page of a group's pending invitees, in address order (keyset on `_id`): indexed on MongoDB
 * ({orgId, groupIds, status}); a scan of the invitations on FerretDB/SQLite, like the member page.
 */
export async function pendingInviteesOfGroup(
  store: Store,
  orgId: string,
  groupId: string,
  page: { after?: string; limit: number },
): Promise<{ emails: string[]; next: string | undefined }> {
  const docs = await store.invitations
    .find({
      orgId,
      groupIds: groupId,
      status: 'pending',
      ...(page.after !== undefined ? { _id: { $gt: page.after } } : {}),
    })
    .sort({ _id: 1 })
    .limit(page.limit + 1)
    .select({ email: 1 })
    .lean()
    .exec();
  const shown = docs.slice(0, page.limit);
  return { emails: shown.map((d) => d.email), next: docs.length > page.limit ? shown.at(-1)?._id : undefined };
}
