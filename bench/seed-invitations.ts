import { personKey } from '../src/services/domain.js';
import type { Store } from '../src/services/store.js';

/**
 * `count` pending invitations (people invited, not joined yet) spread over the organization's
 * groups, one group each, with the counters the app's writes would have moved: each group's
 * `inviteeCount` and the organization's `pendingInvitations`. Written as plain documents in
 * unordered insertMany commands of 5,000, like seedOrganization.
 */
export async function seedPendingInvitations(store: Store, orgId: string, count: number): Promise<void> {
  const groups = (await store.groups.find({ orgId }).select({ _id: 1 }).lean().exec()).map((g) => g._id);
  const perGroup = new Map<string, number>();
  const sentAt = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
  for (let start = 0; start < count; start += 5_000) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + 5_000); i += 1) {
      const email = `invitee${i}@bench.example.com`;
      const groupId = groups[(i * 13) % groups.length]!;
      perGroup.set(groupId, (perGroup.get(groupId) ?? 0) + 1);
      docs.push({
        _id: personKey(orgId, email),
        orgId,
        email,
        status: 'pending' as const,
        role: 'user' as const,
        licenseType: 'standard' as const,
        groupIds: [groupId],
        language: 'en' as const,
        sendCount: 1,
        firstSentAt: sentAt,
        lastSentAt: sentAt,
        version: 0,
        createdAt: sentAt,
        updatedAt: sentAt,
      });
    }
    await store.invitations.insertMany(docs, { ordered: false, lean: true });
  }
  const updates = [...perGroup].map(([groupId, n]) => ({
    updateOne: { filter: { _id: groupId }, update: { $set: { inviteeCount: n } } },
  }));
  // 20 statements per command: FerretDB over PostgreSQL never answers larger update commands.
  for (let start = 0; start < updates.length; start += 20)
    await store.groups.bulkWrite(updates.slice(start, start + 20));
  await store.organizations.updateOne({ _id: orgId }, { $set: { pendingInvitations: count } }).exec();
}
