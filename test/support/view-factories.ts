import type { HomeDashboard } from '../../src/services/home/home-dashboard.js';
import type { MyStanding, Standing } from '../../src/services/my-standing.js';
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

/** Someone's standing as myStanding returns it: a learner of Acme unless told otherwise. */
export function buildStanding(
  me: Partial<Omit<Extract<Standing, { kind: 'member' }>, 'kind'>> | Exclude<Standing, { kind: 'member' }> = {},
): MyStanding {
  const standing: Standing =
    'kind' in me
      ? me
      : {
          kind: 'member',
          email: 'ann@acme.test',
          name: 'Ann',
          role: 'user',
          status: 'active',
          licenseType: 'standard',
          groups: [],
          managedGroups: [],
          ...me,
        };
  return {
    organizationName: 'Acme',
    me: standing,
    contacts: [{ slackUserId: 'UADA', name: 'Ada', email: 'ada@acme.test' }],
  };
}

/** An App Home dashboard, with overrides. */
export function buildHomeDashboard(overrides: Partial<HomeDashboard> = {}): HomeDashboard {
  return {
    standing: buildStanding(),
    admin: undefined,
    groupAdmin: undefined,
    funnel: undefined,
    courses: [],
    now: new Date('2026-11-25T10:00:00Z'),
    ...overrides,
  };
}

/** The admin part of a dashboard: 250 licenses, 16 pending invitations, one recent change. */
export function buildAdminDashboard(overrides: Partial<NonNullable<HomeDashboard['admin']>> = {}) {
  return {
    seats: { countSet: true, seats: 250, used: 40, free: 210, proSeats: 20, proUsed: 2, proFree: 18 },
    pendingInvitations: 16,
    oldestPending: { email: 'old@acme.test', firstSentAt: new Date('2026-11-13T09:00:00Z') },
    recent: {
      entries: [
        {
          id: 'a1',
          at: new Date('2026-11-25T09:00:00Z'),
          actor: { slackUserId: 'UADA', email: 'ada@acme.test', role: 'admin' },
          action: 'user.set_license',
          targetType: 'user',
          targetId: 'T:ann@acme.test',
          targetLabel: 'ann@acme.test',
          subjects: ['ann@acme.test'],
          before: { licenseType: 'standard' },
          after: { licenseType: 'pro' },
          source: 'command' as const,
          requestId: 'R-1',
        },
      ],
      groupNames: {},
    },
    ...overrides,
  };
}
