import { personKey } from '../src/services/domain.js';
import { groupNameKey } from '../src/services/models/group.js';
import type { Store } from '../src/services/store.js';

export interface SeededOrganization {
  emails: string[];
  groupNames: string[];
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Margaret', 'Linus'];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Allen',
  'Thompson',
  'Hamilton',
  'Torvalds',
];

/**
 * An organization of `users` people (one in 20 deactivated) in `groups` groups (each person in 1 or
 * 2 groups), written as prepared plain documents with unordered insertMany in commands of 5,000:
 * the shape the app writes, at bench scale. The funnel counters of the organization and of each
 * group are written with them (every active person has joined, nobody has enrolled yet), as the
 * app's writes would have left them, so no reconciliation is needed before measuring.
 */
export async function seedOrganization(
  store: Store,
  orgId: string,
  users: number,
  groups: number,
): Promise<SeededOrganization> {
  await store.organizations.updateOne(
    { _id: orgId },
    { $set: { seats: users + 10_000, seatsFree: 10_000, proSeats: 1_000, proSeatsFree: 1_000 } },
    { upsert: true },
  );
  const groupIds: string[] = [];
  const groupNames: string[] = [];
  const memberCounts = new Map<string, number>();
  const joinedCounts = new Map<string, number>();
  let joined = 0;
  for (let g = 0; g < groups; g += 1) {
    const name = `Team ${String(g).padStart(4, '0')}`;
    const id = `${orgId}:g:bench${g}`;
    groupIds.push(id);
    groupNames.push(name);
  }
  const emails: string[] = [];
  const batch = 5_000;
  for (let start = 0; start < users; start += batch) {
    const docs = [];
    for (let i = start; i < Math.min(users, start + batch); i += 1) {
      const first = FIRST[i % FIRST.length]!;
      const last = `${LAST[Math.floor(i / FIRST.length) % LAST.length]}${i}`;
      const email = `${first.toLowerCase()}.${last.toLowerCase()}@bench.example.com`;
      const memberOf = [groupIds[i % groups]!, ...(i % 3 === 0 ? [groupIds[(i * 7) % groups]!] : [])];
      const status = i % 20 === 0 ? ('deactivated' as const) : ('active' as const);
      for (const id of new Set(memberOf)) {
        memberCounts.set(id, (memberCounts.get(id) ?? 0) + 1);
        if (status === 'active') joinedCounts.set(id, (joinedCounts.get(id) ?? 0) + 1);
      }
      if (status === 'active') joined += 1;
      emails.push(email);
      docs.push({
        _id: personKey(orgId, email),
        orgId,
        email,
        firstName: first,
        surname: last,
        // A few admins and group admins, as organizations have: `/ub users --role` has something to find.
        role: i % 2_000 === 7 ? ('admin' as const) : i % 200 === 3 ? ('group_admin' as const) : ('user' as const),
        status,
        licenseType: i % 50 === 0 ? ('pro' as const) : ('standard' as const),
        groupIds: [...new Set(memberOf)],
        managedGroups: [],
        joinedAt: new Date(Date.UTC(2025, i % 12, 1 + (i % 28))),
        version: 0,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    }
    // lean: plain documents straight to the driver, no hydration (the bench seeds, it does not test mongoose).
    await store.users.insertMany(docs, { ordered: false, lean: true });
  }
  await store.groups.insertMany(
    groupIds.map((id, g) => ({
      _id: id,
      orgId,
      name: groupNames[g]!,
      memberCount: memberCounts.get(id) ?? 0,
      funnel: { joined: joinedCounts.get(id) ?? 0, enrolled: 0, started: 0 },
    })),
    { lean: true },
  );
  await store.organizations.updateOne({ _id: orgId }, { $set: { funnel: { joined, enrolled: 0, started: 0 } } });
  await store.groupNames.insertMany(
    groupIds.map((id, g) => ({ _id: groupNameKey(orgId, groupNames[g]!), orgId, groupId: id })),
    { lean: true },
  );
  return { emails, groupNames };
}
