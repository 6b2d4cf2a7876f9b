import type { UserProfile } from '../../src/services/people/get-user-profile.js';

/** What views are drawn from, with overrides: the data a service would return. */

export function buildUserProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    firstName: 'Ada',
    surname: 'Lovelace',
    role: 'group_admin',
    status: 'active',
    licenseType: 'pro',
    groups: [{ id: 'g1', name: 'Data <Eng>' }],
    managedGroups: [{ id: 'g1', name: 'Data <Eng>', permissions: ['invite_deactivate'] }],
    managedGroupsAtDeactivation: [],
    externalId: 'E-1',
    lmsUserId: undefined,
    slackUserId: 'U_ADA',
    invitedAt: new Date('2026-01-01T00:00:00Z'),
    joinedAt: new Date('2026-01-02T00:00:00Z'),
    deactivatedAt: undefined,
    deactivatedBy: undefined,
    firstEnrollmentAt: undefined,
    firstLectureAt: undefined,
    lastActivityAt: undefined,
    courses: [],
    ...overrides,
  };
}
