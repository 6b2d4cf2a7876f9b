import type { GroupAdminPermission, Role, LicenseType, UserStatus } from '../domain.js';
import type { ServiceContext } from '../context.js';
import { assertCan, can } from '../authorization.js';
import { UbError } from '../errors.js';
import { groupNamesById } from '../groups/group-repository.js';
import { readLearnerCourses } from '../insights/learner-courses-repository.js';
import { contactsFor, displayName, findMember, type Contact } from './member-repository.js';
import { personKey } from '../domain.js';
import { orList } from '../../plural.js';
import { parseEmail } from '../email.js';

/** A course the person is enrolled in, with how far they are. */
export interface CourseProgress {
  title: string;
  progressPercent: number;
  lastActivityAt: Date | undefined;
  enrolledAt?: Date | undefined;
  completedAt?: Date | undefined;
  /** Lectures reported completed. */
  lecturesCompleted?: number;
}

export interface UserProfile {
  email: string;
  name: string;
  firstName: string;
  surname: string;
  role: Role;
  status: UserStatus;
  licenseType: LicenseType;
  groups: Array<{ id: string; name: string }>;
  managedGroups: Array<{ id: string; name: string; permissions: GroupAdminPermission[] }>;
  /** Groups they managed before deactivation, given back by reactivation. */
  managedGroupsAtDeactivation: Array<{ id: string; name: string }>;
  externalId: string | undefined;
  lmsUserId: string | undefined;
  slackUserId: string | undefined;
  invitedAt: Date | undefined;
  joinedAt: Date | undefined;
  deactivatedAt: Date | undefined;
  deactivatedBy: string | undefined;
  firstEnrollmentAt: Date | undefined;
  firstLectureAt: Date | undefined;
  lastActivityAt: Date | undefined;
  /** Enrolled courses with progress, the most recently active first. */
  courses: CourseProgress[];
}

/**
 * One person's profile: groups, license, role, status, dates and courses. Admins see
 * everyone; group admins see the people of the groups they manage (deactivated ones only with
 * the invite/deactivate permission, as in Udemy Business); a user sees only themself.
 */
export async function getUserProfile(ctx: ServiceContext, rawEmail: string): Promise<UserProfile> {
  const email = parseEmail(rawEmail);
  const self = email === ctx.actor.email;
  if (!self && ctx.actor.role === 'user') {
    throw new UbError(
      'not_authorized',
      'You can only look at your own profile: `/ub user me`. Admins and group admins can look at others.',
    );
  }
  if (self) await assertSelfIsMember(ctx, email);
  const user = await findMember(ctx.store, ctx.orgId, email, '`/ub invitations` lists pending invitations.');
  assertCan(ctx.actor, 'user.view', { groupIds: user.groupIds, email });
  if (!self && user.status === 'deactivated' && !can(ctx.actor, 'user.deactivate', { groupIds: user.groupIds })) {
    throw new UbError(
      'not_authorized',
      'Seeing deactivated people needs the invite/deactivate permission for one of their groups. An admin can grant it.',
    );
  }
  const managed = user.managedGroups ?? [];
  const parked = user.managedGroupsAtDeactivation ?? [];
  const names = await groupNamesById(ctx.store, [
    ...user.groupIds,
    ...managed.map((g) => g.groupId),
    ...parked.map((g) => g.groupId),
  ]);
  const named = (id: string) => names.has(id);
  // Their course list and each course's enrollment row, by `_id` (decision 045).
  const courses = (await readLearnerCourses(ctx.store, user._id)).map((c) => ({
    title: c.title,
    progressPercent: c.progress,
    lastActivityAt: c.lastActivityAt,
    enrolledAt: c.enrolledAt,
    completedAt: c.completedAt,
    lecturesCompleted: c.lecturesCompleted,
  }));
  return {
    email: user.email,
    name: displayName(user),
    firstName: user.firstName ?? '',
    surname: user.surname ?? '',
    role: user.role,
    status: user.status,
    licenseType: user.licenseType,
    groups: user.groupIds.filter(named).map((id) => ({ id, name: names.get(id)! })),
    managedGroups: managed
      .filter((g) => named(g.groupId))
      .map((g) => ({ id: g.groupId, name: names.get(g.groupId)!, permissions: [...g.permissions] })),
    managedGroupsAtDeactivation: parked
      .filter((g) => named(g.groupId))
      .map((g) => ({ id: g.groupId, name: names.get(g.groupId)! })),
    externalId: user.externalId ?? undefined,
    lmsUserId: user.lmsUserId ?? undefined,
    slackUserId: user.slackUserId ?? undefined,
    invitedAt: user.invitedAt ?? undefined,
    joinedAt: user.joinedAt ?? undefined,
    deactivatedAt: user.deactivatedAt ?? undefined,
    deactivatedBy: user.deactivatedBy ?? undefined,
    firstEnrollmentAt: user.firstEnrollmentAt ?? undefined,
    firstLectureAt: user.firstLectureAt ?? undefined,
    lastActivityAt: user.lastActivityAt ?? undefined,
    courses,
  };
}

/**
 * `/ub user me` from someone who is not a member: said plainly, with whom to ask, and without
 * pointing at commands they may not run.
 */
async function assertSelfIsMember(ctx: ServiceContext, email: string): Promise<void> {
  const user = await ctx.store.users.findById(personKey(ctx.orgId, email)).select({ _id: 1 }).lean().exec();
  if (user) return;
  const admins = await contactsFor(ctx.store, ctx.orgId, { admins: true }, 3);
  const invitation = await ctx.store.invitations
    .findById(personKey(ctx.orgId, email))
    .select({ status: 1 })
    .lean()
    .exec();
  if (invitation?.status === 'pending') {
    throw new UbError(
      'not_found',
      `You have not joined yet: your invitation (to ${email}) is waiting. Press *Accept* in the DM ub sent you; if it is gone, ask an admin to resend it${admins.length > 0 ? `: ${orList(admins.map(mention))}` : ''}.`,
    );
  }
  throw new UbError(
    'not_found',
    `You have no learning account in ub yet: nobody has invited ${email}. To get one, ask an admin to invite you${admins.length > 0 ? `: ${orList(admins.map(mention))}` : ''}.`,
  );
}

/** Plain text, like every service message (the reply escapes it): a name, not a Slack mention. */
function mention(contact: Contact): string {
  return contact.name;
}
