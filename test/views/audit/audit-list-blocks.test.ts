import { describe, expect, it } from '@jest/globals';
import type { AuditLogPage } from '../../../src/services/audit/list-audit-entries.js';
import { auditListBlocks } from '../../../src/views/audit/audit-list-blocks.js';
import { validateBlocks } from '../../support/fake-slack/index.js';

const text = (value: unknown) => JSON.stringify(value);

describe('auditListBlocks', () => {
  it('shows entries with actor, time, source and what changed, and pages both ways', () => {
    const page: AuditLogPage = {
      subject: { kind: 'group', label: 'Data Eng' },
      entries: [
        {
          id: 'x',
          at: new Date('2026-11-01T10:00:00Z'),
          actor: { slackUserId: 'U_BOSS', email: 'boss@example.com', role: 'admin' },
          action: 'user.deactivate',
          targetType: 'user',
          targetLabel: 'ada@example.com',
          before: { status: 'active', managedGroups: [{ groupId: 'g' }] },
          after: { status: 'deactivated', managedGroups: [] },
          source: 'button',
        },
      ],
      next: '1_a',
      previous: '2_b',
    };
    const { text: fallback, blocks } = auditListBlocks({ page, pageNumber: 2 });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(fallback).toBe('Audit log for Data Eng: 1 entry');
    const all = text(blocks);
    expect(all).toContain('*user.deactivate* · ada@example.com');
    expect(all).toContain('by <@U_BOSS> (admin)');
    expect(all).toContain('via button');
    expect(all).toContain('status: active → deactivated');
    const paging = blocks.at(-1) as { elements: Array<{ value: string }> };
    expect(paging.elements.map((e) => JSON.parse(e.value) as unknown)).toEqual([
      { s: 'Data Eng', p: 1, b: '2_b' },
      { s: 'Data Eng', p: 3, a: '1_a' },
    ]);
  });

  it('keeps huge before/after values within Slack limits', () => {
    const big = { list: Array.from({ length: 5000 }, (_, i) => `item${i}`) };
    const entries = Array.from({ length: 10 }, (_, i) => ({
      id: `${i}`,
      at: new Date(),
      actor: { slackUserId: undefined, email: undefined, role: 'admin' },
      action: 'x'.repeat(500),
      targetType: 'user',
      targetLabel: 'y'.repeat(3000),
      before: big,
      after: null,
      source: 'job' as const,
    }));
    const { blocks } = auditListBlocks({
      page: { subject: undefined, entries, next: undefined, previous: undefined },
      pageNumber: 1,
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text(blocks)).toContain('by ub (admin)');
  });
});
