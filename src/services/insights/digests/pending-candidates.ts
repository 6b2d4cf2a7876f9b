import type { Store } from '../../store.js';
import { ORGANIZATION_SCOPE } from '../funnel-snapshots.js';

/**
 * Pending invitations kept per scope as a digest's "not joined yet" candidates: more than the
 * digest shows, so that some may have joined or left the group since and the list still fills.
 */
export const PENDING_KEPT = 20;

/** A scope's candidates as the count leaves them: the first few emails, in email order. */
export type PendingCandidates = string[];

/**
 * One pass over the organization's pending invitations (a scan on FerretDB/SQLite, once per
 * count, never per digest), keeping the first PENDING_KEPT by email per scope: the organization
 * and each group the invitation names.
 */
export async function countPendingCandidates(
  store: Store,
  orgId: string,
  scope: (id: string) => PendingCandidates,
): Promise<void> {
  const cursor = store.invitations
    .find({ orgId, status: 'pending' })
    .select({ email: 1, groupIds: 1 })
    .lean()
    .cursor({ batchSize: 1_000 });
  try {
    for await (const invitation of cursor) {
      for (const id of [ORGANIZATION_SCOPE, ...new Set(invitation.groupIds)]) {
        const kept = scope(id);
        // Email order is the order of the invitations' `_id` (orgId:email), as `/ub adoption` lists them.
        const at = kept.findIndex((email) => invitation.email < email);
        if (at === -1) kept.push(invitation.email);
        else kept.splice(at, 0, invitation.email);
        if (kept.length > PENDING_KEPT) kept.pop();
      }
    }
  } finally {
    await cursor.close();
  }
}
