import type { Actor } from '../context.js';
import type { UserDoc } from '../models/user.js';

/** The member as the authorization rules read them. */
export function actorOf(user: Pick<UserDoc, '_id' | 'email' | 'role' | 'managedGroups' | 'slackUserId'>): Actor {
  return {
    slackUserId: user.slackUserId ?? undefined,
    email: user.email,
    userId: user._id,
    role: user.role,
    managedGroups: user.managedGroups.map((g) => ({ groupId: g.groupId, permissions: [...g.permissions] })),
  };
}
