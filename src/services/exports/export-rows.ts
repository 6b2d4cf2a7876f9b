import type { InvitationDoc } from '../models/invitation.js';
import type { ExportReport } from '../domain.js';
import type { EnrollmentDoc } from '../models/activity.js';
import type { UserDoc } from '../models/user.js';
import { invitationLanguageName } from '../domain.js';
import { isoCell, neutralizeCell } from './neutralize-cell.js';

/**
 * The columns of each report (rules file, "CSV exports": email address, name, surname, role,
 * status, groups, external id, LMS user id, license type, and ub's dates). Group lists are
 * separated by `;` as the CSV import reads them, so an export can be edited and imported back.
 */
export const MEMBER_COLUMNS = [
  'Email address',
  'First name',
  'Surname',
  'Role',
  'Status',
  'Groups',
  'Group admin for',
  'License type',
  'External ID',
  'LMS user ID',
  'Invited',
  'Joined',
  'Deactivated',
  'Last activity',
] as const;

export const INVITATION_COLUMNS = [
  'Email address',
  'Role',
  'Groups',
  'License type',
  'Language',
  'Invited by',
  'Invited',
  'Last sent',
  'Times sent',
] as const;

/**
 * The User course activity report (Udemy Business's "user course activity" export, the columns ub
 * records): one row per person and course. `/ub import activity` reads these columns back.
 */
export const ACTIVITY_COLUMNS = [
  'Email address',
  'Course ID',
  'Course title',
  'Groups',
  'Enrolled',
  'Last activity',
  'Completed',
  '% complete',
] as const;

export function reportColumns(report: ExportReport): readonly string[] {
  if (report === 'activity') return ACTIVITY_COLUMNS;
  return report === 'pending' ? INVITATION_COLUMNS : MEMBER_COLUMNS;
}

/** The fields each report reads, so the cursor carries no more than the file needs. */
export const MEMBER_PROJECTION = {
  email: 1,
  firstName: 1,
  surname: 1,
  role: 1,
  status: 1,
  groupIds: 1,
  managedGroups: 1,
  licenseType: 1,
  externalId: 1,
  lmsUserId: 1,
  invitedAt: 1,
  joinedAt: 1,
  deactivatedAt: 1,
  lastActivityAt: 1,
} as const;

export const INVITATION_PROJECTION = {
  email: 1,
  role: 1,
  groupIds: 1,
  licenseType: 1,
  language: 1,
  invitedBy: 1,
  firstSentAt: 1,
  lastSentAt: 1,
  sendCount: 1,
} as const;

export const ACTIVITY_PROJECTION = {
  email: 1,
  courseId: 1,
  title: 1,
  groupIds: 1,
  enrolledAt: 1,
  lastActivityAt: 1,
  completedAt: 1,
  progress: 1,
} as const;

const ROLE_WORDS = { admin: 'admin', group_admin: 'group admin', user: 'user' } as const;

/** Turns group ids into the names the requester may see, `;`-separated. */
export type GroupCell = (ids: readonly string[] | undefined) => string;

export function memberRow(user: Partial<UserDoc>, groups: GroupCell): string[] {
  return [
    neutralizeCell(user.email ?? ''),
    neutralizeCell(user.firstName ?? ''),
    neutralizeCell(user.surname ?? ''),
    user.role ? ROLE_WORDS[user.role] : '',
    user.status ?? '',
    groups(user.groupIds),
    groups(user.managedGroups?.map((g) => g.groupId)),
    user.licenseType ?? 'standard',
    neutralizeCell(user.externalId ?? ''),
    neutralizeCell(user.lmsUserId ?? ''),
    isoCell(user.invitedAt),
    isoCell(user.joinedAt),
    isoCell(user.deactivatedAt),
    isoCell(user.lastActivityAt),
  ];
}

export function invitationRow(invitation: Partial<InvitationDoc>, groups: GroupCell): string[] {
  return [
    neutralizeCell(invitation.email ?? ''),
    invitation.role ? ROLE_WORDS[invitation.role] : '',
    groups(invitation.groupIds),
    invitation.licenseType ?? 'standard',
    invitationLanguageName(invitation.language ?? 'en'),
    neutralizeCell(invitation.invitedBy ?? ''),
    isoCell(invitation.firstSentAt),
    isoCell(invitation.lastSentAt),
    String(invitation.sendCount ?? 1),
  ];
}

export function activityRow(enrollment: Partial<EnrollmentDoc>, groups: GroupCell): string[] {
  return [
    neutralizeCell(enrollment.email ?? ''),
    neutralizeCell(enrollment.courseId ?? ''),
    neutralizeCell(enrollment.title ?? ''),
    groups(enrollment.groupIds),
    isoCell(enrollment.enrolledAt),
    isoCell(enrollment.lastActivityAt),
    isoCell(enrollment.completedAt),
    String(Math.round(enrollment.progress ?? 0)),
  ];
}

/** The Groups cell maker: names by id (deleted groups left out), only those the requester may see. */
export function groupCell(names: ReadonlyMap<string, string>, visible: ReadonlySet<string> | undefined): GroupCell {
  return (ids) =>
    neutralizeCell(
      (ids ?? [])
        .filter((id) => !visible || visible.has(id))
        .flatMap((id) => {
          const name = names.get(id);
          return name === undefined ? [] : [name];
        })
        .join('; '),
    );
}
