import { auditListBlocks } from '../../src/views/audit/audit-list-blocks.js';
import { bulkResultBlocks } from '../../src/views/bulk-result-blocks.js';
import { decidedBlocks } from '../../src/views/confirmation-blocks.js';
import { problemMessage, workspaceNotServedMessage, workspaceNotServedModal } from '../../src/views/error-blocks.js';
import {
  groupCreateModal,
  groupDeletionPreviewBlocks,
  groupListBlocks,
  groupShowBlocks,
  memberAddPreviewBlocks,
  memberRemovalPreviewBlocks,
} from '../../src/views/groups/group-blocks.js';
import { groupFormModal, type GroupFormKind } from '../../src/views/groups/group-modals.js';
import { helpDetailBlocks, helpOverviewBlocks } from '../../src/views/help/help-blocks.js';
import { homeView } from '../../src/views/home/home-view.js';
import { invitationAcceptedBlocks, invitationDmBlocks } from '../../src/views/invitations/invitation-dm-blocks.js';
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
} from '../../src/views/licenses/license-blocks.js';
import {
  deactivatedText,
  deactivationPreviewBlocks,
  reactivatedText,
  roleChangedText,
  roleChangePreviewBlocks,
} from '../../src/views/people/user-change-blocks.js';
import { userListBlocks } from '../../src/views/people/user-list-blocks.js';
import { personModalView, roleModalView } from '../../src/views/people/user-modals.js';
import { userProfileBlocks } from '../../src/views/people/user-profile-blocks.js';
import { escapeMrkdwn } from '../../src/views/mrkdwn.js';
import { buildUserProfile } from './view-factories.js';

/** The Slack user ids the samples mention themselves: the only mentions a rendered sample may hold. */
export const SAMPLE_USER_IDS = ['U1', 'U_ADA'];

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
  const group = { id: 'T:g:1', name: s, memberCount: 3 };
  const member = { email, name: s, status: 'active' as const };
  return {
    auditListBlocks: () =>
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
              targetLabel: s,
              before: { name: s },
              after: { name: `${s}2` },
              source: 'command',
            },
            {
              id: 'b',
              at: new Date(),
              actor: { slackUserId: undefined, email, role: 'admin' },
              action: 'group.rename',
              targetType: 'group',
              targetLabel: s,
              before: null,
              after: null,
              source: 'modal',
            },
          ],
          next: '1_a',
          previous: '2_b',
        },
        pageNumber: 2,
      }),
    bulkResultBlocks: () =>
      bulkResultBlocks({
        title: `Added to ${s}`,
        done: [{ email: s }],
        skipped: [{ email: s, reason: s }],
        failed: Array.from({ length: 60 }, () => ({ email: s, reason: s })),
        footer: `DMs go to ${m}`,
      }),
    decidedBlocks: () => decidedBlocks(`Done with ${m}.`),
    problemMessage: () =>
      problemMessage({ problems: [m, m], usage: `/ub group show ${s}`, helpCommand: '/ub help', errorId: 'E-1' }),
    workspaceNotServedMessage: () => workspaceNotServedMessage(),
    workspaceNotServedModal: () => workspaceNotServedModal(),
    groupCreateModal: () => groupCreateModal(),
    groupDeletionPreviewBlocks: () => groupDeletionPreviewBlocks(group, '{"g":"x"}'),
    memberRemovalPreviewBlocks: () => [
      memberRemovalPreviewBlocks(group, [s, s, 'b@example.com'], '{}'),
      memberRemovalPreviewBlocks(group, [s, s, 'b@example.com'], '{"r":"run"}', true),
    ],
    memberAddPreviewBlocks: () => memberAddPreviewBlocks(group, [s, s, 'b@example.com'], '{"r":"run"}'),
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
        },
        pageNumber: 2,
        nextValue: '{}',
        firstValue: '{}',
      }),
    groupFormModal: () =>
      (['rename', 'delete', 'add', 'remove', 'show', 'admin'] as GroupFormKind[]).map((kind) => groupFormModal(kind)),
    helpOverviewBlocks: () => helpOverviewBlocks([]),
    helpDetailBlocks: () =>
      helpDetailBlocks({
        usage: '/ub help',
        summary: 'Help.',
        details: [],
        audience: 'everyone',
        reply: 'ephemeral',
        hasModal: false,
      }),
    homeView: () => homeView({ role: 'admin', email, organizationName: s }),
    invitationDmBlocks: () =>
      invitationDmBlocks({
        organizationName: s,
        inviterSlackId: 'U1',
        email,
        role: 'user',
        licenseType: 'standard',
        groupNames: [s, s],
        message: s,
      }),
    invitationAcceptedBlocks: () =>
      invitationAcceptedBlocks({
        organizationName: s,
        role: 'user',
        licenseType: 'pro',
        groupNames: [s],
        alreadyJoined: false,
      }),
    invitationListBlocks: () =>
      invitationListBlocks({
        page: {
          invitations: Array.from({ length: 10 }, (_, i) => ({
            email: `${email.slice(0, 253)}${i}`,
            role: 'admin' as const,
            licenseType: 'pro' as const,
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
      inviteModalView({
        groups: [{ id: 'g', name: s }],
        canChooseRoleAndPro: true,
        seats: { free: 1, seats: 2, proFree: 0, proSeats: 0 },
        messageMax: 1000,
      }),
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
        { seats: 2, used: 1, free: 1, proSeats: 0, proUsed: 0, proFree: 0, pendingInvitations: 0 },
        m,
      ),
    licenseSeatsModalView: () => licenseSeatsModalView({ seats: 2, proSeats: 0, used: 1, proUsed: 0 }),
    licenseProModalView: () => licenseProModalView({ proFree: 1 }),
    deactivationPreviewBlocks: () =>
      deactivationPreviewBlocks(
        { email: s, name: s, licenseType: 'pro', groupNames: [s], endedManagedGroupNames: [s] },
        '{}',
      ),
    deactivatedText: () => ({
      text: deactivatedText(
        { email: s, name: s, licenseType: 'pro', groupNames: [s], endedManagedGroupNames: [s] },
        'U1',
      ),
    }),
    reactivatedText: () => ({
      text: reactivatedText(
        {
          email: s,
          name: s,
          role: 'group_admin',
          licenseType: 'standard',
          proNotAvailable: true,
          groupNames: [s],
          restoredManagedGroupNames: [s],
          droppedManagedGroupCount: 1,
        },
        'U1',
      ),
    }),
    roleChangePreviewBlocks: () =>
      roleChangePreviewBlocks(
        { email: s, from: 'admin', to: 'group_admin', pending: false, managedGroupNames: [s] },
        '{}',
      ),
    roleChangedText: () => ({
      text: roleChangedText(
        {
          email: s,
          from: 'group_admin',
          to: 'user',
          changed: true,
          pending: true,
          endedManagedGroupNames: [s],
          managesNoGroup: false,
        },
        'U1',
      ),
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
          courses: Array.from({ length: 31 }, () => ({
            title: s,
            progressPercent: 50,
            lastActivityAt: new Date(),
          })),
        }),
      ),
  };
}
