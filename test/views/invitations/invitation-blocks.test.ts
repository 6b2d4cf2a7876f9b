import { describe, expect, it } from '@jest/globals';
import type { PendingInvitation } from '../../../src/services/invitations/list-pending-invitations.js';
import { invitationAcceptedBlocks, invitationDmBlocks } from '../../../src/views/invitations/invitation-dm-blocks.js';
import { invitationListBlocks } from '../../../src/views/invitations/invitation-list-blocks.js';
import { cancelModalView, inviteModalView, resendModalView } from '../../../src/views/invitations/invitation-modals.js';
import { bulkProgressBlocks, bulkStartedBlocks, bulkStoppedBlocks } from '../../../src/views/bulk-run-blocks.js';
import { invitationDeliveryLine } from '../../../src/views/invitations/invitation-dm-blocks.js';
import { bulkResultBlocks } from '../../../src/views/bulk-result-blocks.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';

const longEmail = `${'a'.repeat(60)}.${'b'.repeat(60)}@${'c'.repeat(63)}.example.com`;

function pending(i: number): PendingInvitation {
  return {
    email: i === 0 ? longEmail : `p${i}@example.com`,
    role: i % 2 === 0 ? 'admin' : 'user',
    licenseType: i % 3 === 0 ? 'pro' : 'standard',
    language: i === 1 ? 'de' : 'en',
    groups: Array.from({ length: 30 }, (_, g) => ({ id: `g${g}`, name: `Group <${g}> ${'x'.repeat(80)}` })),
    invitedBy: 'admin@example.com',
    sendCount: i + 1,
    firstSentAt: new Date('2026-11-01T10:00:00Z'),
    lastSentAt: new Date('2026-11-20T10:00:00Z'),
  };
}

const actionIds = (blocks: unknown[]) =>
  (blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>).flatMap((b) =>
    b.type === 'actions' ? (b.elements ?? []).map((e) => e.action_id) : [],
  );

describe('invitationListBlocks', () => {
  it('fits a full page of long rows in Slack limits, with unique buttons that carry the page', () => {
    const { text, blocks } = invitationListBlocks({
      page: {
        invitations: Array.from({ length: 10 }, (_, i) => pending(i)),
        total: 1234,
        hasNext: true,
        hasPrevious: true,
      },
      pageNumber: 3,
      notice: 'Resent by <@U1>',
    });
    expect(text).toBe('Pending invitations: 1,234');
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(50);
    const ids = actionIds(blocks);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'invitations.resend:0',
        'invitations.cancel:9',
        'invitations.page:prev',
        'invitations.page:next',
      ]),
    );
    const json = JSON.stringify(blocks);
    expect(json).toContain('page 3 of 124');
    expect(json).toContain('Group &lt;1&gt;');
    const resend = (blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'invitations.resend:0')!;
    expect(JSON.parse(resend.value)).toEqual({ p: 3, f: longEmail, e: longEmail });
  });

  it('says when there is nothing pending, without paging buttons', () => {
    const { blocks } = invitationListBlocks({
      page: { invitations: [], total: 0, hasNext: false, hasPrevious: false },
      pageNumber: 1,
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('No pending invitations');
    expect(actionIds(blocks)).toEqual([]);
  });
});

describe('invitation DMs', () => {
  it('escapes and quotes the inviter message, and offers one Accept button', () => {
    const { text, blocks } = invitationDmBlocks({
      organizationName: 'Acme & Co',
      inviterSlackId: 'U_ADMIN',
      email: 'ada@example.com',
      role: 'user',
      licenseType: 'pro',
      groupNames: ['Data <Eng>'],
      message: `Hi <!channel>\nsecond line ${'z'.repeat(990)}`,
      language: 'en',
      learningUrl: undefined,
    });
    // The notification text is mrkdwn too: Slack shows &amp; as &.
    expect(text).toContain('Acme &amp; Co');
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const json = JSON.stringify(blocks);
    expect(json).toContain('>Hi &lt;!channel&gt;\\n>second line');
    expect(json).toContain('Data &lt;Eng&gt;');
    expect(json).toContain('*Pro* license');
    expect(actionIds(blocks)).toEqual(['invitation.accept']);
  });

  it('turns into a welcome without buttons once accepted', () => {
    const { blocks } = invitationAcceptedBlocks({
      organizationName: undefined,
      role: 'admin',
      licenseType: 'standard',
      groupNames: [],
      alreadyJoined: false,
      language: 'en',
      learningUrl: 'https://acme.udemy.com',
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('You are an admin with a standard license');
    expect(JSON.stringify(blocks)).toContain('*Start learning:* <https://acme.udemy.com|https://acme.udemy.com>');
    expect(actionIds(blocks)).toEqual([]);
  });
});

describe('invite results and progress', () => {
  it('keeps a 1,000-address result within Slack limits', () => {
    const done = Array.from({ length: 990 }, (_, i) => ({ email: `p${i}@example.com`, reason: 'invited' }));
    const failed = Array.from({ length: 10 }, (_, i) => ({ email: `bad${i}`, reason: 'not a valid email address' }));
    const { text, blocks } = bulkResultBlocks({
      title: 'Invitations',
      done,
      skipped: [],
      failed,
      footer: 'DMs go out',
    });
    expect(text).toBe('Invitations: 990 done, 0 skipped, 10 failed');
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('…and 950 more');
    expect(JSON.stringify(blocks.at(-1))).toContain('DMs go out');
  });

  it('shows how far a long invite is, and says so when it waits for the database', () => {
    const { text, blocks } = bulkProgressBlocks({ title: 'Inviting 1,000 people', handled: 400, total: 1000 });
    expect(text).toBe(':hourglass_flowing_sand: Inviting 1,000 people… 400 of 1,000 done');
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    const paused = bulkProgressBlocks({ title: 'Inviting 1,000 people', handled: 67, total: 300, note: 'Waiting.' });
    expect(JSON.stringify(paused.blocks)).toContain(':warning: Waiting.');
  });

  it('says a bulk invite has started, where to follow it, and, if it stops, what was applied', () => {
    const started = bulkStartedBlocks({ title: 'Inviting 1,000 people', total: 1000, progressInDm: true });
    expect(started.text).toBe(':hourglass_flowing_sand: Started: Inviting 1,000 people — 0 of 1,000 done.');
    expect(JSON.stringify(started.blocks)).toContain('in your DM from ub');
    const stopped = bulkStoppedBlocks({
      title: 'Inviting 300 people',
      total: 300,
      counts: { done: 67, skipped: 0, failed: 0 },
      reason: 'The group no longer exists.',
    });
    expect(stopped.text).toBe(':warning: Inviting 300 people stopped after 67 of 300: The group no longer exists.');
    expect(JSON.stringify(stopped.blocks)).toContain('67 done, 0 skipped, 0 failed');
    expect(validateBlocks(stopped.blocks, 'message')).toEqual([]);
  });

  it('counts the invitation DMs while they go out, and says how many were not sent', () => {
    expect(invitationDeliveryLine({ wanted: 300, sent: 100, notSent: 20, finished: false })).toContain('120 of 300');
    expect(invitationDeliveryLine({ wanted: 300, sent: 280, notSent: 20, finished: true })).toBe(
      ':envelope: Invitation DMs: 280 sent; 20 not sent (not in this Slack workspace, or Slack refused the message).',
    );
  });
});

describe('invitation forms', () => {
  const groups = Array.from({ length: 100 }, (_, i) => ({
    id: `T:g:${i}`,
    name: `A very long group name number ${i} ${'y'.repeat(80)}`,
  }));

  it('lists up to 100 groups to pick, with role, Pro and message for admins', () => {
    const view = inviteModalView({
      groups,
      canChooseRoleAndPro: true,
      seats: { free: 5, seats: 10, proFree: 1, proSeats: 2 },
      messageMax: 1000,
    });
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      'emails',
      'groups',
      'role',
      'pro',
      'language',
      'message',
    ]);
  });

  it('lets groups be picked by typing when there are more than a select holds, and hides role and Pro from group admins', () => {
    const view = inviteModalView({ groups: 'names', canChooseRoleAndPro: false, seats: undefined, messageMax: 1000 });
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['emails', 'groupNames', 'language', 'message']);
    expect(view.blocks[1]).toMatchObject({
      optional: false,
      element: { type: 'multi_external_select', action_id: 'group.search:groups' },
    });
  });

  it('builds valid resend and cancel forms', () => {
    for (const view of [resendModalView(), cancelModalView()]) {
      expect(validateView(view)).toEqual([]);
    }
  });
});
