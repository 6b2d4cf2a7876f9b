import { activityBlocks, courseLearnersBlocks, courseListBlocks } from '../../src/views/insights/activity-blocks.js';
import { funnelChartLines, percent, stuckButton, stuckButtons } from '../../src/views/funnel-chart.js';
import type { DigestSubscription } from '../../src/services/insights/digests/digest-subscriptions.js';
import {
  digestMessageBlocks,
  digestPausedText,
  digestSummaryText,
} from '../../src/views/insights/digests/digest-blocks.js';
import {
  nudgeButton,
  nudgeConfirmationBlocks,
  nudgeDeliveryLine,
  nudgeDmBlocks,
  nudgeSettingsBlocks,
} from '../../src/views/insights/nudges/nudge-blocks.js';
import type { DigestContent } from '../../src/services/insights/digests/digest-content.js';
import {
  digestListBlocks,
  digestPostedText,
  digestSubscribedBlocks,
  digestUnsubscribedText,
} from '../../src/views/insights/digests/digest-subscription-blocks.js';
import { adoptionBlocks, stuckPeopleBlocks } from '../../src/views/insights/adoption-blocks.js';
import { funnelReconciliationBlocks } from '../../src/views/insights/reconciliation-blocks.js';
import type { ApprovalRequest } from '../../src/services/approvals/request-repository.js';
import {
  alreadyDecidedText,
  approvalPolicyText,
  decisionLine,
  escalationReminderText,
  grantEndedText,
  grantEndingBlocks,
  requestCardBlocks,
  requestOutcomeDm,
  requestSentText,
  requestSummary,
} from '../../src/views/approvals/request-blocks.js';
import { homeRequestsBlocks, requestListBlocks } from '../../src/views/approvals/request-list-blocks.js';
import {
  proReclaimedBlocks,
  reclaimClosedText,
  reclaimKeptText,
  reclaimWarningBlocks,
} from '../../src/views/approvals/pro-reclaim-blocks.js';
import { denyModalView, requestFormView } from '../../src/views/approvals/request-modals.js';
import { commandButton } from '../../src/views/command-button.js';
import { auditListBlocks } from '../../src/views/audit/audit-list-blocks.js';
import { bulkResultBlocks } from '../../src/views/bulk-result-blocks.js';
import { decidedBlocks } from '../../src/views/confirmation-blocks.js';
import { problemMessage, workspaceNotServedMessage, workspaceNotServedModal } from '../../src/views/error-blocks.js';
import {
  groupCreateModal,
  groupDeletionPreviewBlocks,
  groupListBlocks,
  groupShowBlocks,
  groupCountsText,
  memberAddPreviewBlocks,
  memberRemovalPreviewBlocks,
} from '../../src/views/groups/group-blocks.js';
import { groupFormModal, type GroupFormKind } from '../../src/views/groups/group-modals.js';
import { AUDIT_ACTIONS } from '../../src/services/domain.js';
import type { MyStanding } from '../../src/services/my-standing.js';
import { helpDetailBlocks, helpFamilyBlocks, helpOverviewBlocks } from '../../src/views/help/help-blocks.js';
import { homeView } from '../../src/views/home/home-view.js';
import { welcomeBlocks } from '../../src/views/home/welcome-blocks.js';
import {
  invitationAcceptedBlocks,
  invitationDmBlocks,
  invitationSentAgainBlocks,
} from '../../src/views/invitations/invitation-dm-blocks.js';
import { invitationListBlocks, resendAllPreviewBlocks } from '../../src/views/invitations/invitation-list-blocks.js';
import { cancelModalView, inviteModalView, resendModalView } from '../../src/views/invitations/invitation-modals.js';
import {
  bulkProgressBlocks,
  bulkStartedBlocks,
  bulkStoppedBlocks,
  withDeliveryLine,
} from '../../src/views/bulk-run-blocks.js';
import {
  licenseOverviewBlocks,
  licenseProModalView,
  licenseSeatsModalView,
  seatVerificationBlocks,
  proChangeText,
} from '../../src/views/licenses/license-blocks.js';
import {
  deactivatedText,
  deactivationPreviewBlocks,
  reactivatedText,
  roleChangedText,
  roleChangePreviewBlocks,
} from '../../src/views/people/user-change-blocks.js';
import { bulkOutcomesPageBlocks, withShowAll } from '../../src/views/bulk-outcomes-blocks.js';
import { userListBlocks } from '../../src/views/people/user-list-blocks.js';
import { deactivatedNoticeBlocks, reactivatedNoticeBlocks } from '../../src/views/people/account-notice-blocks.js';
import { personModalView, roleModalView } from '../../src/views/people/user-modals.js';
import { notAMemberBlocks, userProfileBlocks } from '../../src/views/people/user-profile-blocks.js';
import { escapeMrkdwn } from '../../src/views/mrkdwn.js';
import { importModalView, importPreviewBlocks } from '../../src/views/imports/import-blocks.js';
import {
  exportFailedBlocks,
  exportModalView,
  exportReadyBlocks,
  exportStartedText,
} from '../../src/views/exports/export-blocks.js';
import { groupOptions, personOptions } from '../../src/views/pickers.js';
import { buildAdminDashboard, buildHomeDashboard, buildStanding, buildUserProfile } from './view-factories.js';

/** The learning site the samples link to (UB_LEARNING_URL, configuration): the only link a sample may hold. */
export const SAMPLE_LINKS = ['https://acme.udemy.com'];

/** The Slack user (and channel) ids the samples mention themselves: the only mentions a rendered sample may hold. */
export const SAMPLE_USER_IDS = ['U1', 'U_ADA', 'C1'];

/**
 * Every view of src/views, drawn with `s` wherever people's text goes (names, group names,
 * emails, messages, organization names, audit labels, course titles, search text), and with data
 * that shows all their buttons (paging both ways, rows, confirmations). Parameters that are
 * mrkdwn by contract (a notice, a problem, a decided text: callers escape what they put in) get
 * `s` escaped, as every caller must. What the domain bounds is cut to its bound (emails 254
 * characters, search text 100, group filters and audit subjects 200), since buttons carry them.
 * test/architecture/interaction-registry.test.ts checks that every view is here.
 */
export function viewSamples(s: string): Record<string, () => unknown> {
  const m = escapeMrkdwn(s);
  const email = s.slice(0, 254);
  const group = { id: 'T:g:1', name: s, memberCount: 3, inviteeCount: 16 };
  const digestSubscription: DigestSubscription = {
    id: `T:digest:C1:${'a'.repeat(16)}`,
    destination: 'C1',
    destinationKind: 'channel',
    ownerSlackUserId: 'U1',
    groupNames: [s, s, s],
    schedule: 'Mondays at 09:00 (Europe/Berlin)',
    status: 'paused',
    pausedReason: s,
    nextRunAt: new Date('2026-11-30T08:00:00Z'),
    lastPostedAt: undefined,
  };
  const person = { email, name: s, slackUserId: 'U1', since: new Date('2026-11-01T00:00:00Z') };
  const digestContent: DigestContent = {
    groupNames: [s, s],
    funnel: { licenses: 100, invited: 80, joined: 60, enrolled: 40, started: 20 },
    adoptionRate: 0.2,
    lastWeek: { licenses: 100, invited: 70, joined: 61, enrolled: 40, started: 10 },
    trend: Array.from({ length: 8 }, (_, i) => ({ week: `W${40 + i}`, rate: i % 3 === 0 ? undefined : i / 10 })),
    stuck: [
      { step: 'joined', count: 20, people: Array.from({ length: 5 }, () => person) },
      { step: 'enrolled', count: 20, people: [{ ...person, name: undefined }] },
      { step: 'started', count: 0, people: [] },
    ],
    groupIds: ['T:g:1'],
    highlights: {
      since: new Date('2026-11-19T09:00:00Z'),
      courses: Array.from({ length: 5 }, (_, i) => ({
        courseId: `c${i}`,
        title: s,
        active: 1200 - i,
        enrolled: 40,
        completed: i,
      })),
      joinedCount: 1234,
      joined: Array.from({ length: 5 }, (_, i) => ({ email, name: s, joinedAt: new Date(1_700_000_000_000 + i) })),
    },
  };
  const dmDigest: DigestSubscription = {
    ...digestSubscription,
    destination: 'U1',
    destinationKind: 'dm' as const,
    groupNames: [],
    status: 'active' as const,
  };
  const member = { email, name: s, status: 'active' as const };
  const membershipPlan = {
    group,
    members: [email, 'b@example.com'],
    invitees: Array.from({ length: 12 }, () => email),
    leftOut: Array.from({ length: 9 }, (_, i) => ({ status: 'skipped' as const, email, reason: `${s} ${i}` })),
  };
  const contacts = [
    { slackUserId: 'U1', name: s, email },
    { slackUserId: undefined, name: s, email },
  ];
  const pendingRequest: ApprovalRequest = {
    id: 'T:K7Q2MX',
    code: 'K7Q2MX',
    kind: 'group_add',
    subject: { email, groupId: 'T:g:1', groupName: s.slice(0, 100), days: 30 },
    requester: { slackUserId: 'U1', email, role: 'user' },
    reason: s.slice(0, 500),
    status: 'pending',
    approverIds: ['U_ADA'],
    delegations: [],
    channel: undefined,
    cards: [{ channel: 'DU_ADA', ts: '1.1' }],
    approvalsNeeded: 2,
    approvals: [{ slackUserId: 'U_ADA', email, role: 'admin' }],
    decidedBy: undefined,
    decidedAt: undefined,
    note: undefined,
    tellDueAt: undefined,
    outcome: undefined,
    outcomeDetail: undefined,
    grantEndsAt: undefined,
    waitlistedAt: undefined,
    expiresAt: new Date(),
    createdAt: new Date(),
  };
  const decided = (status: ApprovalRequest['status'], outcome?: ApprovalRequest['outcome']): ApprovalRequest => ({
    ...pendingRequest,
    status,
    decidedBy: { slackUserId: 'U_ADA', email, role: 'admin' },
    decidedAt: new Date(),
    note: status === 'denied' ? s.slice(0, 500) : undefined,
    outcome,
    outcomeDetail: outcome ? s : undefined,
    grantEndsAt: outcome === 'executed' ? new Date() : undefined,
  });
  const requests: ApprovalRequest[] = [
    pendingRequest,
    { ...pendingRequest, kind: 'invite' },
    { ...pendingRequest, kind: 'license_pro' },
    { ...pendingRequest, kind: 'access', approvals: [] },
    { ...pendingRequest, approvalsNeeded: 1, approvals: [] },
    decided('approved', 'executed'),
    decided('approved', 'waitlisted'),
    decided('approved', 'failed'),
    decided('approved'),
    decided('denied'),
    decided('cancelled'),
    decided('expired'),
    { ...decided('approved', 'executed'), decidedBy: undefined, note: `policy: ${s}` },
  ];
  const cost = { seats: 1, proSeats: 1, seatsLeftAfter: -1, proSeatsLeftAfter: 3 };
  const admin: MyStanding = { ...buildStanding({ role: 'admin', name: s, email }), organizationName: s, contacts };
  const groupAdmin: MyStanding = {
    ...buildStanding({
      role: 'group_admin',
      email,
      managedGroups: [{ id: 'g', name: s.slice(0, 100), canInviteDeactivate: false }],
    }),
    organizationName: s,
    contacts,
  };
  const standings: MyStanding[] = [
    { ...buildStanding({ email, groups: [{ id: 'g', name: s.slice(0, 100) }] }), organizationName: s, contacts },
    { ...buildStanding({ status: 'deactivated', email }), contacts },
    { ...buildStanding({ kind: 'unknown', email }), contacts },
    { ...buildStanding({ kind: 'invited', email, invitedBy: s, firstSentAt: new Date() }), contacts },
    groupAdmin,
  ];
  const adminDashboard = buildAdminDashboard({
    oldestPending: { email, firstSentAt: new Date('2026-11-01T00:00:00Z') },
    recent: {
      entries: AUDIT_ACTIONS.slice(0, 5).map((action, i) => ({
        id: `r${i}`,
        at: new Date(),
        actor: { slackUserId: undefined, email, role: 'admin' },
        action,
        targetType: 'user',
        targetId: `T:${email}`,
        targetLabel: s,
        subjects: [email],
        before: null,
        after: null,
        source: 'command' as const,
        requestId: undefined,
      })),
      groupNames: {},
    },
  });
  return {
    // Pages of 15, each within a message's 50 blocks, so every kind of entry is drawn however many there are.
    auditListBlocks: () =>
      Array.from({ length: Math.ceil(AUDIT_ACTIONS.length / 15) }, (_, n) =>
        AUDIT_ACTIONS.slice(n * 15, n * 15 + 15),
      ).map((actions) =>
        auditListBlocks({
          page: {
            subject: { kind: 'group', label: s.slice(0, 200) },
            entries: [
              {
                id: 'a',
                at: new Date(),
                actor: { slackUserId: 'U1', email, role: 'admin' },
                action: s,
                targetType: 'user',
                targetId: `T:${email}`,
                targetLabel: s,
                subjects: [email, 'T:g:1'],
                before: { name: s },
                after: { name: `${s}2` },
                source: 'command',
                requestId: 'R-1',
              },
              {
                id: 'b',
                at: new Date(),
                actor: { slackUserId: undefined, email, role: 'admin' },
                action: 'group.renamed',
                targetType: 'group',
                targetId: 'T:g:1',
                targetLabel: s,
                subjects: ['T:g:1'],
                before: { name: s },
                after: { name: `${s}2` },
                source: 'modal',
                requestId: 'R-2',
              },
              ...actions.map((action, i) => ({
                id: `c${i}`,
                at: new Date(),
                actor: { slackUserId: 'U1', email, role: 'admin' },
                action,
                targetType: 'user',
                targetId: `T:${email}`,
                targetLabel: s,
                subjects: [email, 'T:g:1'],
                before: { name: s, group: s, role: s, managedGroups: [{ groupId: 'T:g:1', permissions: [] }] },
                after: { name: s, group: s, role: 'user', groupIds: ['T:g:1'], slackUserId: 'U1', language: s },
                source: 'command' as const,
                requestId: `R-${i % 3}`,
              })),
            ],
            groupNames: { 'T:g:1': s.slice(0, 100) },
            next: '1_a',
            previous: '2_b',
          },
          pageNumber: 2,
        }),
      ),
    bulkResultBlocks: () =>
      bulkResultBlocks({
        title: `Added to ${s}`,
        done: [{ email: s }],
        skipped: [{ email: s, reason: s }],
        failed: Array.from({ length: 60 }, () => ({ email: s, reason: s })),
        footer: `DMs go to ${m}`,
      }),
    decidedBlocks: () => decidedBlocks(`Done with ${m}.`),
    digestSubscribedBlocks: () => [digestSubscribedBlocks(digestSubscription), digestSubscribedBlocks(dmDigest)],
    digestListBlocks: () => [
      digestListBlocks({
        subscriptions: Array.from({ length: 39 }, () => digestSubscription).concat(dmDigest),
        more: 3,
      }),
      digestListBlocks({ subscriptions: [], more: 0 }),
    ],
    digestPostedText: () => ({
      text: digestPostedText([
        { subscription: digestSubscription, refused: s },
        { subscription: dmDigest, refused: undefined },
      ]),
    }),
    digestMessageBlocks: () => [
      digestMessageBlocks(digestContent, { fileId: 'F1' }),
      digestMessageBlocks(
        {
          ...digestContent,
          lastWeek: undefined,
          stuck: [],
          highlights: { since: new Date(), courses: [], joinedCount: 0, joined: [] },
        },
        undefined,
      ),
    ],
    nudgeDmBlocks: () => [
      nudgeDmBlocks({ step: 'joined', learningUrl: 'https://acme.udemy.com' }),
      nudgeDmBlocks({ step: 'enrolled', learningUrl: undefined }),
      nudgeDmBlocks({ step: 'started', learningUrl: undefined }),
    ],
    nudgeButton: () => ({ text: 'Nudge', blocks: [{ type: 'actions', elements: [nudgeButton('joined', ['T:g:1'])] }] }),
    nudgeSettingsBlocks: () => [
      nudgeSettingsBlocks({ reminderEnabled: true, reminderDelayHours: 48, scheduled: 1200, mayChange: true }),
      nudgeSettingsBlocks({ reminderEnabled: false, reminderDelayHours: 48, scheduled: 0, mayChange: false }),
    ],
    nudgeConfirmationBlocks: () => [
      nudgeConfirmationBlocks({
        step: 'enrolled',
        people: 1234,
        groupNames: [s, s],
        stepLabel: 'pick a first course',
        confirmValue: '{"r":"run-1"}',
      }),
      nudgeConfirmationBlocks({
        step: 'joined',
        people: 1,
        groupNames: [],
        stepLabel: 'accept your invitation',
        confirmValue: '{"r":"run-2"}',
      }),
    ],
    nudgeDeliveryLine: () => ({ text: nudgeDeliveryLine({ sent: 3, notSent: 1, finished: false }) }),
    digestSummaryText: () => ({ text: digestSummaryText(digestContent) }),
    digestPausedText: () => ({ text: digestPausedText({ destination: 'C1', channel: true, reason: s }) }),
    digestUnsubscribedText: () => ({ text: digestUnsubscribedText([digestSubscription, dmDigest]) }),
    problemMessage: () =>
      problemMessage({ problems: [m, m], usage: `/ub group show ${s}`, helpCommand: '/ub help', errorId: 'E-1' }),
    workspaceNotServedMessage: () => workspaceNotServedMessage(),
    workspaceNotServedModal: () => workspaceNotServedModal(),
    groupCreateModal: () => groupCreateModal(),
    groupDeletionPreviewBlocks: () => groupDeletionPreviewBlocks(group, '{"g":"x"}'),
    memberRemovalPreviewBlocks: () => [
      memberRemovalPreviewBlocks(membershipPlan, '{}'),
      memberRemovalPreviewBlocks(membershipPlan, '{"r":"run"}', true, [{ email: '<@UNOMAIL>', reason: s }]),
    ],
    memberAddPreviewBlocks: () =>
      memberAddPreviewBlocks(membershipPlan, '{"r":"run"}', [{ email: '<@UNOMAIL>', reason: s }]),
    groupCountsText: () => ({ text: groupCountsText(group) }),
    resendAllPreviewBlocks: () => resendAllPreviewBlocks(2000, '{"r":"run"}'),
    groupListBlocks: () =>
      groupListBlocks({
        page: { groups: Array.from({ length: 30 }, () => group), next: 'x' },
        total: 30,
        pageNumber: 2,
        nextValue: '{}',
        firstValue: '{}',
      }),
    groupShowBlocks: () =>
      groupShowBlocks({
        details: {
          group,
          admins: [{ ...member, canInviteDeactivate: true }],
          members: Array.from({ length: 30 }, () => member),
          next: 'x',
          invitees: Array.from({ length: 25 }, () => email),
          nextInvitee: 'y',
        },
        pageNumber: 2,
        nextValue: '{}',
        firstValue: '{}',
      }),
    groupFormModal: () =>
      (['rename', 'delete', 'add', 'remove', 'show', 'admin'] as GroupFormKind[]).map((kind) => groupFormModal(kind)),
    helpOverviewBlocks: () => [
      helpOverviewBlocks({ entries: [], standing: undefined }),
      ...standings.map((standing) => helpOverviewBlocks({ entries: [], standing })),
    ],
    helpFamilyBlocks: () => helpFamilyBlocks(s.slice(0, 20), []),
    helpDetailBlocks: () =>
      helpDetailBlocks({
        usage: '/ub help',
        summary: 'Help.',
        details: [],
        who: 'everyone',
        reply: 'ephemeral',
        hasModal: false,
      }),
    homeView: () => [
      homeView(
        buildHomeDashboard({
          standing: admin,
          admin: adminDashboard,
          funnel: {
            scope: 'organization',
            funnel: { licenses: 500, invited: 300, joined: 200, enrolled: 90, started: 40, adoptionRate: 0.08 },
            groups: [],
            overlapping: false,
            previous: undefined,
            readAt: new Date(),
          },
        }),
        { learningUrl: undefined },
      ),
      homeView(
        buildHomeDashboard({
          standing: admin,
          admin: { ...adminDashboard, seats: { ...adminDashboard.seats, countSet: false, free: -1 } },
        }),
      ),
      homeView(
        buildHomeDashboard({
          standing: groupAdmin,
          groupAdmin: {
            groups: Array.from({ length: 10 }, (_, i) => ({
              id: `g${i}`,
              name: s.slice(0, 100),
              memberCount: 2,
              inviteeCount: 1,
              canInviteDeactivate: i % 2 === 0,
            })),
            more: 50,
          },
        }),
      ),
      ...standings.map((standing) =>
        homeView(
          buildHomeDashboard({
            standing,
            courses: Array.from({ length: 25 }, (_, i) => ({
              title: s,
              progress: 30,
              completedAt: i % 2 ? new Date() : undefined,
              lastActivityAt: new Date(),
            })),
          }),
          { learningUrl: 'https://acme.udemy.com' },
        ),
      ),
    ],
    welcomeBlocks: () => welcomeBlocks({ organizationName: s, installed: true }),
    invitationDmBlocks: () =>
      invitationDmBlocks({
        organizationName: s,
        inviterSlackId: 'U1',
        email,
        role: 'user',
        licenseType: 'standard',
        groupNames: [s, s],
        message: s,
        language: 'it',
        learningUrl: 'https://acme.udemy.com',
      }),
    withShowAll: () =>
      withShowAll(
        bulkResultBlocks({ title: s, done: [], skipped: [], failed: [{ email, reason: s, slackUserId: 'U1' }] }),
        `T:invite:${s.slice(0, 100)}`,
        { done: Array.from({ length: 50 }, () => ({ email })), skipped: [], failed: [] },
      ),
    bulkOutcomesPageBlocks: () => [
      bulkOutcomesPageBlocks({
        title: s,
        runId: 'T:invite:r',
        page: 1,
        pages: 3,
        outcomes: Array.from({ length: 100 }, (_, i) => ({
          status: (['done', 'skipped', 'failed'] as const)[i % 3]!,
          email,
          reason: s,
          ...(i % 10 === 0 ? { slackUserId: 'U1' } : {}),
        })),
      }),
      bulkOutcomesPageBlocks({ title: s, runId: 'T:invite:r', page: 0, pages: 1, outcomes: null }),
    ],
    invitationSentAgainBlocks: () =>
      ['en', 'de', 'es', 'fr', 'ja'].map((language) =>
        invitationSentAgainBlocks({
          organizationName: s,
          inviterSlackId: 'U1',
          email,
          role: 'admin',
          licenseType: 'pro',
          groupNames: [s],
          message: s,
          language,
          learningUrl: undefined,
        }),
      ),
    invitationAcceptedBlocks: () =>
      invitationAcceptedBlocks({
        organizationName: s,
        role: 'user',
        licenseType: 'pro',
        groupNames: [s],
        alreadyJoined: false,
        language: 'de',
        learningUrl: 'https://acme.udemy.com',
      }),
    invitationListBlocks: () =>
      invitationListBlocks({
        page: {
          invitations: Array.from({ length: 10 }, (_, i) => ({
            email: `${email.slice(0, 253)}${i}`,
            role: 'admin' as const,
            licenseType: 'pro' as const,
            language: 'fr' as const,
            groups: [{ id: 'g', name: s }],
            invitedBy: s,
            sendCount: 2,
            firstSentAt: new Date(),
            lastSentAt: new Date(),
          })),
          total: 30,
          hasNext: true,
          hasPrevious: true,
        },
        pageNumber: 2,
        notice: m,
      }),
    inviteModalView: () =>
      [[{ id: 'g', name: s }], 'names' as const].map((groups) =>
        inviteModalView({
          groups,
          canChooseRoleAndPro: true,
          seats: { free: 1, seats: 2, proFree: 0, proSeats: 0 },
          messageMax: 1000,
        }),
      ),
    resendModalView: () => resendModalView(),
    cancelModalView: () => cancelModalView(),
    bulkProgressBlocks: () =>
      bulkProgressBlocks({ title: `Adding 2 people to ${s}`, handled: 1, total: 2, note: `Waiting for ${s}.` }),
    bulkStartedBlocks: () => bulkStartedBlocks({ title: `Adding 2 people to ${s}`, total: 2, progressInDm: true }),
    bulkStoppedBlocks: () =>
      bulkStoppedBlocks({
        title: `Adding 2 people to ${s}`,
        total: 2,
        counts: { done: 1, skipped: 0, failed: 0 },
        reason: `There is no group named ${s}.`,
      }),
    withDeliveryLine: () =>
      withDeliveryLine(bulkResultBlocks({ title: s, done: [{ email }], skipped: [], failed: [] }), 'line'),
    seatVerificationBlocks: () =>
      seatVerificationBlocks({
        inUse: 1,
        proInUse: 0,
        seats: 2,
        seatsFree: 1,
        proSeats: 0,
        proSeatsFree: 0,
        seatsDrift: -1,
        proSeatsDrift: 0,
        repaired: true,
        postponed: undefined,
        why: 'a crash between two writes',
      }),
    licenseOverviewBlocks: () =>
      licenseOverviewBlocks(
        { countSet: true, seats: 2, used: 1, free: 1, proSeats: 0, proUsed: 0, proFree: 0, pendingInvitations: 0 },
        m,
      ),
    exportStartedText: () => ({
      text: exportStartedText({
        report: 'users',
        groupName: s,
        status: 'active',
        since: new Date('2026-11-01T00:00:00Z'),
      }),
    }),
    exportReadyBlocks: () => [
      exportReadyBlocks({
        report: 'licensed',
        groupName: s.slice(0, 100),
        rows: 1234567,
        bytes: 12_345_678,
        url: 'https://acme.udemy.com',
        expiresAt: new Date(),
      }),
      exportReadyBlocks({ report: 'pending', rows: 1, bytes: 10, expiresAt: new Date() }),
    ],
    exportFailedBlocks: () => exportFailedBlocks({ report: 'deactivated', groupName: s.slice(0, 100), reason: m }),
    exportModalView: () => exportModalView({ reports: ['users', 'licensed', 'pending', 'deactivated'] }),
    importModalView: () => importModalView(),
    importPreviewBlocks: () =>
      importPreviewBlocks(
        {
          fileName: s,
          rows: 100_000,
          counts: {
            invite: 1,
            reactivate: 2,
            update: 3,
            unchanged: 4,
            problems: 60,
            addedToGroups: 5,
            removedFromGroups: 6,
            roleChanges: 7,
            proGiven: 8,
            groupAdminAssignments: 9,
          },
          seats: { needed: 10, free: 3, proNeeded: 8, proFree: 1 },
          problems: Array.from({ length: 60 }, (_, i) => ({ row: i + 2, email, reason: m })),
          authoritative: true,
        },
        '{"r":"x"}',
      ),
    licenseSeatsModalView: () => licenseSeatsModalView({ seats: 2, proSeats: 0, used: 1, proUsed: 0 }),
    licenseProModalView: () => licenseProModalView({ proFree: 1 }),
    deactivationPreviewBlocks: () => [
      deactivationPreviewBlocks(
        { email: s, name: s, licenseType: 'pro', groupNames: [s], endedManagedGroupNames: [s] },
        '{}',
      ),
      deactivationPreviewBlocks(
        { email, name: s, licenseType: 'standard', groupNames: [], endedManagedGroupNames: [] },
        '{}',
        false,
      ),
    ],
    deactivatedNoticeBlocks: () => [
      deactivatedNoticeBlocks({ organizationName: s, actorSlackId: 'U_ADA' }),
      deactivatedNoticeBlocks({ organizationName: undefined, actorSlackId: undefined }),
    ],
    reactivatedNoticeBlocks: () =>
      reactivatedNoticeBlocks({
        organizationName: s,
        actorSlackId: 'U_ADA',
        role: 'group_admin',
        licenseType: 'pro',
        groupNames: [s, s],
        learningUrl: 'https://acme.udemy.com',
      }),
    deactivatedText: () => ({
      text: deactivatedText({ email: s, name: s, licenseType: 'pro', groupNames: [s], endedManagedGroupNames: [s] }),
    }),
    reactivatedText: () => ({
      text: reactivatedText({
        email: s,
        name: s,
        role: 'group_admin',
        licenseType: 'standard',
        proNotAvailable: true,
        groupNames: [s],
        restoredManagedGroupNames: [s],
        droppedManagedGroupCount: 1,
      }),
    }),
    proChangeText: () => [
      { text: proChangeText({ email, licenseType: 'standard', changed: true, pending: true }) },
      { text: proChangeText({ email, licenseType: 'pro', changed: false, pending: false }) },
    ],
    roleChangePreviewBlocks: () => [
      roleChangePreviewBlocks(
        { email: s, from: 'admin', to: 'group_admin', pending: false, managedGroupNames: [s] },
        '{}',
      ),
      roleChangePreviewBlocks({ email, from: 'user', to: 'admin', pending: true, managedGroupNames: [] }, '{}'),
    ],
    roleChangedText: () => ({
      text: roleChangedText({
        email: s,
        from: 'group_admin',
        to: 'user',
        changed: true,
        pending: true,
        endedManagedGroupNames: [s],
        managesNoGroup: false,
      }),
    }),
    userListBlocks: () =>
      userListBlocks({
        page: {
          users: Array.from({ length: 10 }, () => ({
            email,
            name: `${s} `,
            role: 'admin' as const,
            status: 'active' as const,
            licenseType: 'pro' as const,
            groups: [{ id: 'g', name: s }],
          })),
          hasNext: true,
          hasPrevious: true,
        },
        filters: { q: s.slice(0, 100), g: s.slice(0, 200), s: 'active' },
        pageNumber: 2,
      }),
    personModalView: () => (['user', 'deactivate', 'reactivate'] as const).map((kind) => personModalView({ kind })),
    roleModalView: () => roleModalView(),
    requestSummary: () => requests.map((r) => ({ text: requestSummary(r) })),
    decisionLine: () => requests.map((r) => ({ text: decisionLine(r) })),
    alreadyDecidedText: () => requests.map((r) => ({ text: alreadyDecidedText(r) })),
    requestSentText: () => ({
      text: requestSentText({
        request: pendingRequest,
        approverIds: Array.from({ length: 12 }, () => 'U_ADA'),
        channel: 'C1',
      }),
    }),
    requestOutcomeDm: () => requests.map((r, n) => requestOutcomeDm(r, n)),
    approvalPolicyText: () => [
      {
        text: approvalPolicyText(
          {
            expireAfterDays: 7,
            escalateAfterHours: 48,
            twoApprovalsFor: ['license_pro', s],
            channel: 'C1',
            openGroups: [s.slice(0, 100)],
            accessDomains: [s.slice(0, 100)],
            reclaimPro: { idleDays: 30, graceDays: 7 },
          },
          true,
        ),
      },
      {
        text: approvalPolicyText(
          {
            expireAfterDays: 1,
            escalateAfterHours: 1,
            twoApprovalsFor: [],
            channel: undefined,
            openGroups: [],
            accessDomains: [],
            reclaimPro: undefined,
          },
          false,
        ),
      },
    ],
    escalationReminderText: () => ({ text: escalationReminderText(pendingRequest) }),
    grantEndedText: () => ({ text: grantEndedText(decided('approved', 'executed'), s) }),
    reclaimWarningBlocks: () => [
      reclaimWarningBlocks({
        idleDays: 30,
        reclaimAt: new Date('2026-12-03T10:00:00Z'),
        lastActivityAt: new Date('2026-10-01T10:00:00Z'),
        keep: { id: `T1:${s.slice(0, 200)}@acme.test`, cycle: 3 },
      }),
      reclaimWarningBlocks({
        idleDays: 365,
        reclaimAt: new Date('2026-12-03T10:00:00Z'),
        lastActivityAt: undefined,
        keep: { id: 'T1:ann@acme.test', cycle: 1 },
      }),
    ],
    reclaimKeptText: () => ({ text: reclaimKeptText(new Date('2027-01-02T10:00:00Z')) }),
    reclaimClosedText: () => ['reclaimed', 'kept', 'cleared'].map((state) => ({ text: reclaimClosedText(state) })),
    proReclaimedBlocks: () => proReclaimedBlocks({ idleDays: 30 }),
    grantEndingBlocks: () =>
      grantEndingBlocks({
        request: decided('approved', 'executed'),
        extendButton: commandButton('Ask to extend', 'request pro --days 30', { key: 'extend' }),
      }),
    requestCardBlocks: () => [
      ...requests.map((request) => requestCardBlocks({ request, cost })),
      requestCardBlocks({ request: pendingRequest, cost, onBehalfOf: 'U_ADA' }),
    ],
    requestListBlocks: () => [
      requestListBlocks({
        toDecide: requests,
        asked: requests,
        nextToDecideValue: '{"d":10,"a":0}',
        nextAskedValue: '{"d":0,"a":10}',
      }),
      requestListBlocks({ toDecide: [], asked: [], nextToDecideValue: undefined, nextAskedValue: undefined }),
    ],
    homeRequestsBlocks: () => [
      { type: 'home', blocks: homeRequestsBlocks({ toDecide: requests.slice(0, 5), more: true }) },
      { type: 'home', blocks: homeRequestsBlocks({ toDecide: [], more: false }) },
    ],
    denyModalView: () => denyModalView({ code: 'K7Q2MX', summary: requestSummary(pendingRequest) }),
    requestFormView: () => requestFormView({ summary: requestSummary(pendingRequest) }),
    // As the options answer carries them.
    personOptions: () => ({ options: personOptions([{ email, name: s }]) }),
    groupOptions: () => ({ options: groupOptions([{ name: s }]) }),
    notAMemberBlocks: () => standings.map((standing) => notAMemberBlocks(standing)),
    userProfileBlocks: () =>
      userProfileBlocks(
        buildUserProfile({
          email,
          name: s,
          groups: [{ id: 'g1', name: s }],
          managedGroups: [{ id: 'g1', name: s, permissions: ['invite_deactivate'] }],
          managedGroupsAtDeactivation: [{ id: 'g2', name: s }],
          externalId: s,
          lmsUserId: s,
          deactivatedBy: s,
          deactivatedAt: new Date(),
          courses: Array.from({ length: 31 }, (_, i) => ({
            title: s,
            progressPercent: 50,
            lastActivityAt: new Date(),
            completedAt: i % 2 === 0 ? new Date() : undefined,
            lecturesCompleted: i,
          })),
        }),
      ),
    adoptionBlocks: () =>
      adoptionBlocks({
        scope: 'groups',
        funnel: { licenses: 500, invited: 300, joined: 200, enrolled: 90, started: 40, adoptionRate: 0.08 },
        groups: [
          {
            group: { id: 'T:g:1', name: s },
            funnel: { licenses: 500, invited: 300, joined: 200, enrolled: 90, started: 40, adoptionRate: 0.08 },
          },
          {
            group: { id: 'T:g:2', name: s },
            funnel: { licenses: 500, invited: 300, joined: 200, enrolled: 90, started: 40, adoptionRate: 0.08 },
          },
        ],
        overlapping: true,
        previous: {
          week: new Date('2026-11-23T00:00:00Z'),
          funnel: {
            ...{ licenses: 500, invited: 300, joined: 200, enrolled: 90, started: 40, adoptionRate: 0.08 },
            started: 30,
            adoptionRate: 0.06,
          },
        },
        readAt: new Date(),
      }),
    stuckPeopleBlocks: () =>
      stuckPeopleBlocks({
        page: {
          step: 'enrolled',
          people: Array.from({ length: 20 }, () => ({ email, name: s, slackUserId: 'U1', since: new Date() })),
          hasNext: true,
          next: email,
        },
        groupId: 'T:g:1',
        groupName: s,
        pageNumber: 2,
      }),
    funnelReconciliationBlocks: () =>
      funnelReconciliationBlocks({
        checkedAt: new Date(),
        checked: 3,
        postponed: undefined,
        drifts: [
          {
            targetType: 'group',
            id: 'T:g:1',
            name: s,
            stored: { joined: 3, enrolled: 1, started: 0, pending: 2 },
            counted: { joined: 2, enrolled: 1, started: 0, pending: 2 },
            repaired: true,
          },
        ],
      }),
    activityBlocks: () =>
      activityBlocks({
        days: 30,
        groupName: s,
        active: 12,
        licensed: 40,
        topCourses: Array.from({ length: 5 }, () => ({ courseId: s, title: s, active: 3, enrolled: 2, completed: 1 })),
        groups: Array.from({ length: 10 }, () => ({ id: 'T:g:1', name: s, active: 3, members: 9 })),
      }),
    courseListBlocks: () =>
      courseListBlocks({
        days: 7,
        groupName: s,
        courses: Array.from({ length: 20 }, () => ({ courseId: s, title: s, active: 3, enrolled: 2, completed: 1 })),
        more: 4,
      }),
    courseLearnersBlocks: () =>
      courseLearnersBlocks({
        page: {
          course: { id: s.slice(0, 200), title: s },
          groupName: s,
          learners: Array.from({ length: 20 }, (_, i) => ({
            email,
            progress: 40,
            enrolledAt: new Date(),
            lastActivityAt: new Date(),
            completedAt: i % 2 ? new Date() : undefined,
          })),
          hasNext: true,
          next: `T:${email}:c`,
        },
        value: { c: s.slice(0, 200), g: s.slice(0, 200) },
        pageNumber: 2,
      }),
    // The shared funnel pieces, as the messages that use them place them.
    funnelChartLines: () => ({
      text: 'chart',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: funnelChartLines(
              { licenses: 5, invited: 4, joined: 3, enrolled: 2, started: 1, adoptionRate: 0.2 },
              { licenses: 5, invited: 2, joined: 1, enrolled: 1, started: 0, adoptionRate: 0 },
            ).join('\n'),
          },
        },
      ],
    }),
    percent: () => ({ text: `${percent(0.004)} ${percent(0.5)}`, blocks: [] }),
    stuckButton: () => ({
      text: 'button',
      blocks: [{ type: 'actions', elements: [stuckButton(s, { s: 'started', g: 'T:g:1', a: email, p: 3 })] }],
    }),
    stuckButtons: () => ({ text: 'buttons', blocks: [{ type: 'actions', elements: stuckButtons('T:g:1') }] }),
  };
}
