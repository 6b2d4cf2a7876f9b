import { latestAuditEntries, type AuditLogEntry } from '../audit/audit-repository.js';
import { can, groupsActorMayUse } from '../authorization.js';
import type { ServiceContext } from '../context.js';
import { groupCounts, type GroupCounts } from '../groups/group-repository.js';
import { oldestPendingInvitation } from '../invitations/invitation-repository.js';
import { myStanding, type MyStanding } from '../my-standing.js';
import { pendingInvitationCount } from '../organization-repository.js';
import { seatUsage, type SeatUsage } from '../seats-repository.js';
import { funnelForViewer, myCourses, type FunnelReport, type MyCourse } from '../insights/funnel-repository.js';

/** Recent changes App Home shows admins. */
export const HOME_RECENT_CHANGES = 5;
/** Groups App Home lists for a group admin; the rest are counted. */
export const HOME_GROUPS = 10;

export interface AdminDashboard {
  seats: SeatUsage;
  pendingInvitations: number;
  oldestPending: { email: string; firstSentAt: Date } | undefined;
  recent: { entries: AuditLogEntry[]; groupNames: Record<string, string> };
}

export interface GroupAdminDashboard {
  groups: Array<GroupCounts & { canInviteDeactivate: boolean }>;
  /** Managed groups not listed (beyond HOME_GROUPS). */
  more: number;
}

export interface HomeDashboard {
  standing: MyStanding;
  /** For admins. */
  admin: AdminDashboard | undefined;
  /** For group admins: the groups they manage. */
  groupAdmin: GroupAdminDashboard | undefined;
  /** The adoption funnel of what they manage (admins, group admins). */
  funnel: FunnelReport | undefined;
  /** Their own courses (learners). */
  courses: MyCourse[];
  now: Date;
}

/**
 * What App Home shows the person opening it, by role. Every number is a counter or a bounded
 * read, never a count over people: seats and pending invitations are counters on the
 * organization, members and invitees counters on each group; the oldest pending invitation and
 * the latest audit entries are one-document and five-document reads (indexed on MongoDB).
 */
export async function homeDashboard(ctx: ServiceContext): Promise<HomeDashboard> {
  const standing = await myStanding(ctx);
  const isAdmin = ctx.actor.role === 'admin';
  const admin = isAdmin ? await adminDashboard(ctx) : undefined;
  const groupAdmin = !isAdmin && ctx.actor.role === 'group_admin' ? await groupAdminDashboard(ctx) : undefined;
  // Counters and `_id` reads only (decision 021): the funnel costs the same whatever the size.
  const funnel = await funnelForViewer(ctx);
  const courses = ctx.actor.role === 'user' ? await myCourses(ctx) : [];
  return { standing, admin, groupAdmin, funnel, courses, now: ctx.now() };
}

async function adminDashboard(ctx: ServiceContext): Promise<AdminDashboard> {
  const [seats, pendingInvitations] = await Promise.all([
    seatUsage(ctx.store, ctx.orgId),
    pendingInvitationCount(ctx.store, ctx.orgId),
  ]);
  const oldestPending = pendingInvitations > 0 ? await oldestPendingInvitation(ctx.store, ctx.orgId) : undefined;
  const recent = can(ctx.actor, 'audit.view')
    ? await latestAuditEntries(ctx.store, ctx.orgId, HOME_RECENT_CHANGES)
    : { entries: [], groupNames: {} };
  return { seats, pendingInvitations, oldestPending, recent };
}

async function groupAdminDashboard(ctx: ServiceContext): Promise<GroupAdminDashboard> {
  const viewable = groupsActorMayUse(ctx.actor, 'group.view') ?? [];
  const inviting = new Set(groupsActorMayUse(ctx.actor, 'user.invite') ?? []);
  const groups = await groupCounts(ctx.store, ctx.orgId, viewable.slice(0, HOME_GROUPS));
  return {
    groups: groups
      .map((g) => ({ ...g, canInviteDeactivate: inviting.has(g.id) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    more: Math.max(0, viewable.length - HOME_GROUPS),
  };
}
