import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { allActions, allModals, allOptions } from '../../src/slack/listeners/register.js';
import { actionIdPattern } from '../../src/slack/listeners/action-listener.js';
import { auditListBlocks } from '../../src/views/audit/audit-list-blocks.js';
import { bulkResultBlocks } from '../../src/views/bulk-result-blocks.js';
import { decidedBlocks } from '../../src/views/confirmation-blocks.js';
import { problemMessage } from '../../src/views/error-blocks.js';
import {
  groupCreateModal,
  groupDeletionPreviewBlocks,
  groupListBlocks,
  groupShowBlocks,
  memberRemovalPreviewBlocks,
} from '../../src/views/groups/group-blocks.js';
import { groupFormModal, type GroupFormKind } from '../../src/views/groups/group-modals.js';
import { helpDetailBlocks, helpOverviewBlocks } from '../../src/views/help/help-blocks.js';
import { homeView } from '../../src/views/home/home-view.js';
import { invitationAcceptedBlocks, invitationDmBlocks } from '../../src/views/invitations/invitation-dm-blocks.js';
import { invitationListBlocks } from '../../src/views/invitations/invitation-list-blocks.js';
import { cancelModalView, inviteModalView, resendModalView } from '../../src/views/invitations/invitation-modals.js';
import { invitationProgressBlocks } from '../../src/views/invitations/invitation-progress-blocks.js';
import {
  licenseOverviewBlocks,
  licenseProModalView,
  licenseSeatsModalView,
} from '../../src/views/licenses/license-blocks.js';
import { deactivationPreviewBlocks, roleChangePreviewBlocks } from '../../src/views/people/user-change-blocks.js';
import { userListBlocks } from '../../src/views/people/user-list-blocks.js';
import { personModalView, roleModalView } from '../../src/views/people/user-modals.js';
import { userProfileBlocks } from '../../src/views/people/user-profile-blocks.js';
import { groupOptions, personOptions } from '../../src/views/pickers.js';
import { buildUserProfile } from '../support/view-factories.js';

/**
 * Every action_id a view puts on a button (or other interactive element outside a form) must
 * reach a registered action, every modal's callback_id a registered modal, and every type-ahead
 * picker (external select, in a form or not) a registered options provider; and the other way
 * round, every registered action, modal and options provider must be reachable from some view. The views are
 * rendered with data that shows all their buttons (paging both ways, rows, confirmations).
 */
const group = { id: 'T:g:1', name: 'Data Eng', memberCount: 3 };
const member = { email: 'ada@example.com', name: 'Ada', status: 'active' };

const renderers: Record<string, () => unknown> = {
  auditListBlocks: () =>
    auditListBlocks({
      page: {
        subject: undefined,
        entries: [
          {
            id: 'a',
            at: new Date(),
            actor: { slackUserId: 'U1', email: 'boss@example.com', role: 'admin' },
            action: 'user.deactivate',
            targetType: 'user',
            targetLabel: 'ada@example.com',
            before: null,
            after: null,
            source: 'command',
          },
        ],
        next: '1_a',
        previous: '2_b',
      },
      pageNumber: 2,
    }),
  bulkResultBlocks: () =>
    bulkResultBlocks({
      title: 'Done',
      done: [{ email: 'a@example.com' }],
      skipped: [],
      failed: [{ email: 'b', reason: 'not an email' }],
      footer: 'DMs',
    }),
  decidedBlocks: () => decidedBlocks('Done.'),
  problemMessage: () =>
    problemMessage({ problems: ['no'], usage: '/ub help', helpCommand: '/ub help', errorId: 'E-1' }),
  groupCreateModal: () => groupCreateModal(),
  groupDeletionPreviewBlocks: () => groupDeletionPreviewBlocks(group, '{"g":"Data Eng"}'),
  memberRemovalPreviewBlocks: () => memberRemovalPreviewBlocks(group, ['a@example.com', 'b@example.com'], '{}'),
  groupListBlocks: () =>
    groupListBlocks({
      page: { groups: [group], next: 'x' },
      total: 30,
      pageNumber: 2,
      nextValue: '{}',
      firstValue: '{}',
    }),
  groupShowBlocks: () =>
    groupShowBlocks({
      details: { group, admins: [{ ...member, canInviteDeactivate: true }], members: [member], next: 'x' },
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
  homeView: () => homeView({ role: 'admin', email: 'boss@example.com', organizationName: 'Org' }),
  invitationDmBlocks: () =>
    invitationDmBlocks({
      organizationName: 'Org',
      inviterSlackId: 'U1',
      email: 'ada@example.com',
      role: 'user',
      licenseType: 'standard',
      groupNames: [],
      message: 'Hi',
    }),
  invitationAcceptedBlocks: () =>
    invitationAcceptedBlocks({
      organizationName: 'Org',
      role: 'user',
      licenseType: 'pro',
      groupNames: ['Data Eng'],
      alreadyJoined: false,
    }),
  invitationListBlocks: () =>
    invitationListBlocks({
      page: {
        invitations: [
          {
            email: 'ada@example.com',
            role: 'user',
            licenseType: 'standard',
            groups: [],
            invitedBy: undefined,
            sendCount: 1,
            firstSentAt: new Date(),
            lastSentAt: new Date(),
          },
        ],
        total: 30,
        hasNext: true,
        hasPrevious: true,
      },
      pageNumber: 2,
    }),
  inviteModalView: () =>
    [[{ id: 'g', name: 'Data Eng' }], 'names' as const].map((groups) =>
      inviteModalView({
        groups,
        canChooseRoleAndPro: true,
        seats: { free: 1, seats: 2, proFree: 0, proSeats: 0 },
        messageMax: 1000,
      }),
    ),
  resendModalView: () => resendModalView(),
  cancelModalView: () => cancelModalView(),
  invitationProgressBlocks: () => invitationProgressBlocks({ handled: 1, total: 2 }),
  licenseOverviewBlocks: () =>
    licenseOverviewBlocks(
      { seats: 2, used: 1, free: 1, proSeats: 0, proUsed: 0, proFree: 0, pendingInvitations: 0 },
      'Set.',
    ),
  licenseSeatsModalView: () => licenseSeatsModalView({ seats: 2, proSeats: 0, used: 1, proUsed: 0 }),
  licenseProModalView: () => licenseProModalView({ proFree: 1 }),
  deactivationPreviewBlocks: () =>
    deactivationPreviewBlocks(
      { email: 'ada@example.com', name: 'Ada', licenseType: 'standard', groupNames: [], endedManagedGroupNames: [] },
      '{}',
    ),
  roleChangePreviewBlocks: () =>
    roleChangePreviewBlocks(
      { email: 'ada@example.com', from: 'admin', to: 'user', pending: false, managedGroupNames: [] },
      '{}',
    ),
  userListBlocks: () =>
    userListBlocks({
      page: {
        users: [
          {
            email: 'ada@example.com',
            name: 'Ada',
            role: 'user',
            status: 'active',
            licenseType: 'standard',
            groups: [],
          },
        ],
        hasNext: true,
        hasPrevious: true,
      },
      filters: {},
      pageNumber: 2,
    }),
  personModalView: () => (['user', 'deactivate', 'reactivate'] as const).map((kind) => personModalView({ kind })),
  roleModalView: () => roleModalView(),
  userProfileBlocks: () => userProfileBlocks(buildUserProfile()),
  personOptions: () => personOptions([member]),
  groupOptions: () => groupOptions([group]),
};

/** Exported functions of src/views that draw no message or view of their own. */
const notViews = new Set([
  'slackDate',
  'nameList',
  'escapeMrkdwn',
  'truncate',
  'packLines',
  'modal',
  'confirmationBlocks', // drawn through the previews that use it
  'groupFormCallbackId',
  'deactivatedText',
  'reactivatedText',
  'roleChangedText',
  'roleWithArticle',
  'licenseLabel',
  // Picker elements, drawn through the forms that hold them.
  'personPicker',
  'peoplePicker',
  'groupPicker',
  'groupsPicker',
]);

interface Emitted {
  actionIds: Set<string>;
  callbackIds: Set<string>;
  /** Action ids of external selects: they ask an options provider for their choices. */
  pickerIds: Set<string>;
}

const PICKERS = new Set(['external_select', 'multi_external_select']);

/** Interactive action_ids (form inputs are read on submit, not dispatched) and modal callback_ids. */
function collect(node: unknown, into: Emitted): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, into);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (PICKERS.has(String(record.type)) && typeof record.action_id === 'string') into.pickerIds.add(record.action_id);
  if (record.type === 'input') {
    // Form inputs are read on submit, not dispatched; their pickers still load options.
    collect(record.element, { ...into, actionIds: new Set(), callbackIds: new Set() });
    return;
  }
  if (record.type === 'modal' && typeof record.callback_id === 'string') into.callbackIds.add(record.callback_id);
  if (typeof record.action_id === 'string') into.actionIds.add(record.action_id);
  for (const value of Object.values(record)) collect(value, into);
}

function render(): Emitted {
  const emitted: Emitted = { actionIds: new Set(), callbackIds: new Set(), pickerIds: new Set() };
  for (const draw of Object.values(renderers)) collect(draw(), emitted);
  return emitted;
}

const viewsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'views');

function viewFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? viewFiles(path.join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [path.join(dir, entry.name)]
        : [],
  );
}

describe('the interaction registry', () => {
  it('renders every view of src/views here', async () => {
    const exported: string[] = [];
    for (const file of viewFiles(viewsDir)) {
      const module = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) if (typeof value === 'function') exported.push(name);
    }
    expect(exported.filter((name) => !(name in renderers) && !notViews.has(name))).toEqual([]);
    expect(Object.keys(renderers).filter((name) => !exported.includes(name))).toEqual([]);
  });

  it('has a registered action for every action_id a view emits, and a registered modal for every callback_id', () => {
    const emitted = render();
    const actions = allActions();
    const modals = new Set(allModals().map((m) => m.callbackId));
    expect([...emitted.actionIds].filter((id) => !actions.some((a) => actionIdPattern(a.actionId).test(id)))).toEqual(
      [],
    );
    expect([...emitted.callbackIds].filter((id) => !modals.has(id))).toEqual([]);
    const providers = allOptions();
    expect(emitted.pickerIds.size).toBeGreaterThan(0);
    expect([...emitted.pickerIds].filter((id) => !providers.some((p) => actionIdPattern(p.actionId).test(id)))).toEqual(
      [],
    );
  });

  it('has no registered action or modal that no view emits', () => {
    const emitted = render();
    const actionIds = [...emitted.actionIds];
    expect(
      allActions()
        .filter((a) => !actionIds.some((id) => actionIdPattern(a.actionId).test(id)))
        .map((a) => a.actionId),
    ).toEqual([]);
    expect(
      allModals()
        .filter((m) => !emitted.callbackIds.has(m.callbackId))
        .map((m) => m.callbackId),
    ).toEqual([]);
    const pickerIds = [...emitted.pickerIds];
    expect(
      allOptions()
        .filter((p) => !pickerIds.some((id) => actionIdPattern(p.actionId).test(id)))
        .map((p) => p.actionId),
    ).toEqual([]);
  });
});
