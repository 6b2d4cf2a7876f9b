import { describe, expect, it } from '@jest/globals';
import type { UserSummary } from '../../../src/services/people/search-users.js';
import {
  deactivatedText,
  deactivationPreviewBlocks,
  reactivatedText,
  roleChangedText,
  roleChangePreviewBlocks,
} from '../../../src/views/people/user-change-blocks.js';
import { userListBlocks } from '../../../src/views/people/user-list-blocks.js';
import { personModalView, roleModalView } from '../../../src/views/people/user-modals.js';
import { NO_COURSE_ACTIVITY, userProfileBlocks } from '../../../src/views/people/user-profile-blocks.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';
import { buildUserProfile as profile } from '../../support/view-factories.js';

const text = (value: unknown) => JSON.stringify(value);

const summary = (i: number, overrides: Partial<UserSummary> = {}): UserSummary => ({
  email: `p${i}@example.com`,
  name: `Person ${i}`,
  role: 'user',
  status: 'active',
  licenseType: 'standard',
  groups: [],
  ...overrides,
});

describe('userProfileBlocks', () => {
  it('shows role, license, groups, managed groups and says when there is no course activity', () => {
    const { text: fallback, blocks } = userProfileBlocks(profile());
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(fallback).toBe('Ada Lovelace (ada@example.com): group admin');
    const all = text(blocks);
    expect(all).toContain('Pro');
    expect(all).toContain('Data &lt;Eng&gt; (can invite and deactivate)');
    expect(all).toContain('<@U_ADA>');
    expect(all).toContain(NO_COURSE_ACTIVITY);
    expect(all).toContain('External id: E-1');
  });

  it('shows a deactivated person with no license and what reactivation gives back', () => {
    const { blocks } = userProfileBlocks(
      profile({
        status: 'deactivated',
        managedGroups: [],
        managedGroupsAtDeactivation: [{ id: 'g1', name: 'Data' }],
        deactivatedAt: new Date('2026-11-01T00:00:00Z'),
        deactivatedBy: 'boss@example.com',
      }),
    );
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text(blocks)).toContain('None (deactivated)');
    expect(text(blocks)).toContain('by boss@example.com');
    expect(text(blocks)).toContain('given back on reactivation');
  });

  it('stays within Slack limits with very many groups and a long name', () => {
    const groups = Array.from({ length: 2000 }, (_, i) => ({
      id: `g${i}`,
      name: `Group number ${i} ${'x'.repeat(50)}`,
    }));
    const courses = Array.from({ length: 200 }, (_, i) => ({
      title: `Course ${i} ${'y'.repeat(100)}`,
      progressPercent: 42.4,
      lastActivityAt: undefined,
    }));
    const { blocks } = userProfileBlocks(
      profile({
        name: 'N'.repeat(500),
        groups,
        managedGroups: groups.map((g) => ({ ...g, permissions: [] })),
        courses,
      }),
    );
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text(blocks)).toContain('and 1970 more');
  });
});

describe('userListBlocks', () => {
  it('lists ten people with Open buttons and Next / Previous carrying the filters and the cursor', () => {
    const users = Array.from({ length: 10 }, (_, i) =>
      summary(i, i === 0 ? { role: 'admin', licenseType: 'pro', groups: [{ id: 'g', name: 'Sales' }] } : {}),
    );
    const { blocks } = userListBlocks({
      page: { users, hasNext: true, hasPrevious: true },
      filters: { q: 'per', s: 'active', g: 'Sales' },
      pageNumber: 2,
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const paging = blocks.at(-1) as { elements: Array<{ action_id: string; value: string }> };
    expect(paging.elements.map((e) => e.action_id)).toEqual(['users.page:prev', 'users.page:next']);
    expect(JSON.parse(paging.elements[0]!.value)).toEqual({
      q: 'per',
      s: 'active',
      g: 'Sales',
      p: 1,
      b: 'p0@example.com',
    });
    expect(JSON.parse(paging.elements[1]!.value)).toEqual({
      q: 'per',
      s: 'active',
      g: 'Sales',
      p: 3,
      a: 'p9@example.com',
    });
    expect(text(blocks)).toContain('Filters: matching “per” · active · in group Sales');
    expect(text(blocks)).toContain('admin · Pro');
    expect(text(blocks)).toContain('"action_id":"users.open:9"');
  });

  it('says when nobody matches, and points to pending invitations', () => {
    const { text: fallback, blocks } = userListBlocks({
      page: { users: [], hasNext: false, hasPrevious: false },
      filters: { q: 'zzz' },
      pageNumber: 1,
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(fallback).toBe('Nobody matches');
    expect(text(blocks)).toContain('/ub invitations');
  });
});

describe('deactivation and role views', () => {
  const deactivation = {
    email: 'ada@example.com',
    name: 'Ada',
    licenseType: 'pro' as const,
    groupNames: ['Sales'],
    endedManagedGroupNames: ['Data'],
  };

  it('previews a deactivation with its consequences and Confirm / Cancel', () => {
    const { blocks } = deactivationPreviewBlocks(deactivation, '{"e":"ada@example.com"}');
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const all = text(blocks);
    expect(all).toContain('license and their Pro license are freed');
    expect(all).toContain('They stop managing Data');
    expect(all).toContain('stay in their groups: Sales');
    expect(all).toContain('learning history is kept');
    expect(all).toContain('deactivate.confirm');
    expect(all).toContain('confirmation.cancel');
  });

  it('says whom the admin deactivated (without naming the admin to themself), and what a reactivation restored', () => {
    expect(deactivatedText(deactivation)).toMatch(
      /^:white_check_mark: Deactivated \*Ada\* \(ada@example\.com\)\. Their license and Pro license are free again\./,
    );
    expect(deactivatedText(deactivation)).not.toContain('<@');
    const back = reactivatedText({
      email: 'ada@example.com',
      name: 'Ada',
      role: 'group_admin',
      licenseType: 'standard',
      proNotAvailable: true,
      groupNames: [],
      restoredManagedGroupNames: ['Data'],
      droppedManagedGroupCount: 1,
    });
    expect(back).toContain('active again as a group admin with a standard license');
    expect(back).toContain('They manage Data again');
    expect(back).toContain('1 group-admin assignment was not given back');
    expect(back).toContain('/ub license pro ada@example.com');
  });

  it('asks before an admin is downgraded and describes the change', () => {
    const { blocks } = roleChangePreviewBlocks(
      { email: 'ada@example.com', from: 'admin', to: 'group_admin', pending: false, managedGroupNames: [] },
      '{"e":"ada@example.com","r":"group_admin"}',
    );
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text(blocks)).toContain('from admin to group admin');
    expect(text(blocks)).toContain('/ub group admin');
    expect(
      roleChangedText({
        email: 'b@example.com',
        from: 'user',
        to: 'group_admin',
        changed: true,
        pending: true,
        endedManagedGroupNames: [],
        managesNoGroup: true,
      }),
    ).toContain('once they have joined');
    expect(
      roleChangedText({
        email: 'b@example.com',
        from: 'admin',
        to: 'admin',
        changed: false,
        pending: false,
        endedManagedGroupNames: [],
        managesNoGroup: false,
      }),
    ).toBe('b@example.com is already an admin; nothing changed.');
  });
});

describe('user modals', () => {
  it('are valid views with a person picker and an email field, and a ticked "tell them" box for changes', () => {
    const lookUp = personModalView({ kind: 'user' });
    expect(validateView(lookUp)).toEqual([]);
    expect(lookUp.blocks.map((b) => b.block_id)).toEqual(['person', 'email']);
    for (const kind of ['deactivate', 'reactivate'] as const) {
      const view = personModalView({ kind });
      expect(validateView(view)).toEqual([]);
      expect(view.blocks.map((b) => b.block_id)).toEqual(['person', 'email', 'notify']);
      expect(view.blocks[2]).toMatchObject({
        element: { type: 'checkboxes', initial_options: [{ value: 'notify' }] },
      });
    }
    const role = roleModalView();
    expect(validateView(role)).toEqual([]);
    expect(role.blocks.map((b) => b.block_id)).toEqual(['person', 'email', 'role']);
  });
});
