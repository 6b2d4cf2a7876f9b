import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import type { AuditLogEntry, AuditLogPage } from '../../../src/services/audit/list-audit-entries.js';
import { AUDIT_ACTIONS, type AuditAction } from '../../../src/services/domain.js';
import { auditListBlocks } from '../../../src/views/audit/audit-list-blocks.js';
import { AUDIT_SENTENCES, auditSentence } from '../../../src/views/audit-sentences.js';
import { validateBlocks } from '../../support/fake-slack/index.js';

const text = (value: unknown) => JSON.stringify(value);
const ENG = 'T:g:eng';
const SALES = 'T:g:sales';
const groupNames = { [ENG]: 'Engineering', [SALES]: 'Sales <EMEA>' };

function entry(action: string, overrides: Partial<AuditLogEntry> = {}): AuditLogEntry {
  return {
    id: `${action}-1`,
    at: new Date('2026-11-25T10:04:00Z'),
    actor: { slackUserId: 'UADA', email: 'ada@acme.test', role: 'admin' },
    action,
    targetType: 'user',
    targetId: 'T:ann@acme.test',
    targetLabel: 'ann@acme.test',
    subjects: ['ann@acme.test'],
    before: null,
    after: null,
    source: 'command',
    requestId: 'R-1',
    ...overrides,
  };
}

/** A realistic record of each kind, as the services write it, and the sentence it must read as. */
const samples: Record<AuditAction, { entry: AuditLogEntry; reads: string }> = {
  'user.bootstrap_admin': {
    entry: entry('user.bootstrap_admin', { source: 'bootstrap', after: { role: 'admin', status: 'active' } }),
    reads: 'ann@acme.test joined as an admin: ub was set up with them as one of its first admins.',
  },
  'user.change_role': {
    entry: entry('user.change_role', {
      subjects: ['ann@acme.test', ENG],
      before: { role: 'group_admin', managedGroups: [{ groupId: ENG, permissions: [] }] },
      after: { role: 'user', managedGroups: [] },
    }),
    reads: '<@UADA> changed the role of ann@acme.test from group admin to user; they no longer manage *Engineering*.',
  },
  'user.deactivate': {
    entry: entry('user.deactivate', {
      before: { status: 'active', licenseType: 'pro', managedGroups: [{ groupId: SALES, permissions: [] }] },
      after: { status: 'deactivated', managedGroups: [] },
    }),
    reads:
      '<@UADA> deactivated ann@acme.test: their license is free again and they stopped managing *Sales &lt;EMEA&gt;*.',
  },
  'user.reactivate': {
    entry: entry('user.reactivate', {
      before: { status: 'deactivated', licenseType: 'pro', managedGroups: [] },
      after: { status: 'active', licenseType: 'standard', managedGroups: [{ groupId: ENG, permissions: [] }] },
    }),
    reads: '<@UADA> reactivated ann@acme.test with a standard license; they manage *Engineering* again.',
  },
  'user.notified': {
    entry: entry('user.notified', { after: { notice: 'reactivated', via: 'dm', slackUserId: 'UANN' } }),
    reads: '<@UADA> told ann@acme.test in a DM that their account was reactivated.',
  },
  'user.set_license': {
    entry: entry('user.set_license', { before: { licenseType: 'standard' }, after: { licenseType: 'pro' } }),
    reads: '<@UADA> gave ann@acme.test a Pro license.',
  },
  'invitation.create': {
    entry: entry('invitation.create', {
      targetType: 'invitation',
      subjects: ['ann@acme.test', ENG],
      after: { status: 'pending', role: 'user', licenseType: 'standard', groupIds: [ENG] },
    }),
    reads: '<@UADA> invited ann@acme.test as a user with a standard license into *Engineering*.',
  },
  'invitation.delivered': {
    entry: entry('invitation.delivered', { targetType: 'invitation', after: { slackUserId: 'UANN' } }),
    reads: 'The invitation to ann@acme.test reached them in Slack as <@UANN>.',
  },
  'invitation.resend': {
    entry: entry('invitation.resend', { targetType: 'invitation', after: { sendCount: 3 } }),
    reads: '<@UADA> resent the invitation to ann@acme.test (sent 3 times now).',
  },
  'invitation.cancel': {
    entry: entry('invitation.cancel', { targetType: 'invitation', after: { status: 'cancelled' } }),
    reads: '<@UADA> cancelled the invitation to ann@acme.test: its license is free again.',
  },
  'invitation.accept': {
    entry: entry('invitation.accept', {
      actor: { slackUserId: 'UANN', email: 'ann@acme.test', role: 'user' },
      targetType: 'invitation',
      after: { status: 'accepted', role: 'admin', licenseType: 'pro', groupIds: [ENG, 'T:g:gone'] },
    }),
    reads:
      'ann@acme.test accepted their invitation and joined as an admin with a Pro license, in *Engineering*, a deleted group.',
  },
  'invitation.change_role': {
    entry: entry('invitation.change_role', { before: { role: 'user' }, after: { role: 'admin' } }),
    reads: '<@UADA> changed the role of ann@acme.test (invited) from user to admin.',
  },
  'invitation.set_license': {
    entry: entry('invitation.set_license', { before: { licenseType: 'standard' }, after: { licenseType: 'pro' } }),
    reads: '<@UADA> gave ann@acme.test (invited) a Pro license.',
  },
  'license.set_seats': {
    entry: entry('license.set_seats', {
      targetType: 'organization',
      targetLabel: 'the organization',
      before: { seats: 0, proSeats: 0 },
      after: { seats: 250, proSeats: 20 },
    }),
    reads: '<@UADA> set the licenses from 0 to 250 and the Pro licenses from 0 to 20.',
  },
  'license.seats_repaired': {
    entry: entry('license.seats_repaired', {
      targetType: 'organization',
      targetLabel: 'the organization',
      before: { seatsFree: 10, proSeatsFree: 2 },
      after: {
        seatsFree: 12,
        proSeatsFree: 2,
        inUse: 238,
        proInUse: 18,
        why: '2 seats were counted as used that nobody holds',
      },
    }),
    reads:
      '<@UADA> repaired the license counts (2 seats were counted as used that nobody holds): 238 licenses in use, 18 of them Pro.',
  },
  'license.reclaim_warned': {
    entry: entry('license.reclaim_warned', {
      source: 'job',
      after: {
        policy: 'policy: Pro licenses with no learning activity for 30 days are reclaimed',
        reclaimAt: '2026-12-03T10:00:00.000Z',
        delivered: true,
      },
    }),
    reads:
      '<@UADA> warned ann@acme.test that their unused Pro license goes back to standard on 2026-12-03 (policy: Pro licenses with no learning activity for 30 days are reclaimed).',
  },
  'license.reclaimed': {
    entry: entry('license.reclaimed', {
      source: 'job',
      before: { licenseType: 'pro', lastActivityAt: null },
      after: {
        licenseType: 'standard',
        policy: 'policy: Pro licenses with no learning activity for 30 days are reclaimed',
      },
    }),
    reads:
      '<@UADA> reclaimed the Pro license of ann@acme.test (policy: Pro licenses with no learning activity for 30 days are reclaimed).',
  },
  'license.reclaim_kept': {
    entry: entry('license.reclaim_kept', { source: 'button', after: { keptUntil: '2027-01-02T10:00:00.000Z' } }),
    reads: '<@UADA> still needs the Pro license of ann@acme.test: kept until 2027-01-02.',
  },
  'funnel.counters_repaired': {
    entry: entry('funnel.counters_repaired', {
      targetType: 'organization',
      targetLabel: 'the organization',
      before: { joined: 10, enrolled: 4, started: 2 },
      after: { joined: 11, enrolled: 4, started: 2, why: 'joined was 1 too low' },
    }),
    reads: '<@UADA> repaired the adoption funnel counts of the organization (joined was 1 too low).',
  },
  'group.created': {
    entry: entry('group.created', { targetType: 'group', targetId: ENG, after: { name: 'Eng' } }),
    reads: '<@UADA> created the group *Engineering*.',
  },
  'group.renamed': {
    entry: entry('group.renamed', {
      targetType: 'group',
      targetId: ENG,
      before: { name: 'Eng' },
      after: { name: 'Engineering' },
    }),
    reads: '<@UADA> renamed the group *Eng* to *Engineering*.',
  },
  'group.deleted': {
    entry: entry('group.deleted', {
      targetType: 'group',
      targetId: 'T:g:gone',
      before: { name: 'Old', memberCount: 1 },
    }),
    reads: '<@UADA> deleted the group *Old*; its 1 member kept their account.',
  },
  'group.member_added': {
    entry: entry('group.member_added', { subjects: ['ann@acme.test', ENG], after: { group: 'Eng' } }),
    reads: '<@UADA> added ann@acme.test to *Engineering*.',
  },
  'group.member_removed': {
    entry: entry('group.member_removed', { subjects: ['ann@acme.test', 'T:g:gone'], before: { group: 'Old' } }),
    reads: '<@UADA> removed ann@acme.test from *Old*.',
  },
  'group.admin_assigned': {
    entry: entry('group.admin_assigned', {
      subjects: ['ann@acme.test', ENG],
      before: { role: 'user', managedGroups: [] },
      after: { role: 'group_admin', managedGroups: [{ groupId: ENG, permissions: ['invite_deactivate'] }] },
    }),
    reads:
      '<@UADA> made ann@acme.test a group admin of *Engineering*, who may invite people into it and deactivate its members.',
  },
  'group.admin_removed': {
    entry: entry('group.admin_removed', {
      subjects: ['ann@acme.test', ENG],
      before: { role: 'group_admin', managedGroups: [{ groupId: ENG, permissions: [] }] },
      after: { role: 'user', managedGroups: [] },
    }),
    reads: "<@UADA> ended ann@acme.test's group-admin role for *Engineering*; they are a user now.",
  },
  'request.created': {
    entry: entry('request.created', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'command',
      after: {
        kind: 'group_add',
        subject: { email: 'ann@acme.test', groupId: ENG, groupName: 'Engineering', days: 30 },
        reason: 'I lead the data project',
      },
    }),
    reads:
      '<@UADA> asked to add ann@acme.test to *Engineering* for 30 days (request K7Q2MX): “I lead the data project”.',
  },
  'request.approved': {
    entry: entry('request.approved', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      after: { status: 'approved' },
    }),
    reads: '<@UADA> approved request K7Q2MX.',
  },
  'request.denied': {
    entry: entry('request.denied', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      after: { status: 'denied', note: 'not this quarter' },
    }),
    reads: '<@UADA> denied request K7Q2MX: “not this quarter”.',
  },
  'request.cancelled': {
    entry: entry('request.cancelled', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      after: { status: 'cancelled' },
    }),
    reads: '<@UADA> withdrew their request K7Q2MX.',
  },
  'request.expired': {
    entry: entry('request.expired', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'job',
      after: { status: 'expired' },
    }),
    reads: 'Request K7Q2MX expired: nobody decided it in time.',
  },
  'request.executed': {
    entry: entry('request.executed', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'request',
      after: { outcome: 'executed', detail: 'added to Engineering' },
    }),
    reads: '<@UADA> carried out request K7Q2MX: added to Engineering.',
  },
  'request.failed': {
    entry: entry('request.failed', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'request',
      after: { outcome: 'failed', detail: 'deactivated: reactivate them first' },
    }),
    reads: 'Request K7Q2MX, approved by <@UADA>, could not be carried out: deactivated: reactivate them first.',
  },
  'request.waitlisted': {
    entry: entry('request.waitlisted', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'request',
      after: { outcome: 'waitlisted', detail: 'No license is left' },
    }),
    reads: 'Request K7Q2MX waits for a free seat: No license is left.',
  },
  'request.escalated': {
    entry: entry('request.escalated', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'job',
      after: { level: 'org' },
    }),
    reads: 'Request K7Q2MX went on to the org admins: nobody decided it in time.',
  },
  'request.grant_ended': {
    entry: entry('request.grant_ended', {
      targetType: 'request',
      targetId: 'T:K7Q2MX',
      targetLabel: 'K7Q2MX',
      subjects: ['T:K7Q2MX', 'ann@acme.test'],
      source: 'job',
      after: { detail: 'removed from Engineering' },
    }),
    reads: '<@UADA> took back what request K7Q2MX granted for a time: removed from Engineering.',
  },
  'approvals.channel_set': {
    entry: entry('approvals.channel_set', {
      targetType: 'organization',
      targetId: 'T',
      targetLabel: 'the organization',
      subjects: [],
      after: { approvalsChannel: 'C0ADMINS' },
    }),
    reads: '<@UADA> made <#C0ADMINS> the channel for requests no group admin can approve.',
  },
  'approvals.policy_set': {
    entry: entry('approvals.policy_set', {
      targetType: 'organization',
      targetId: 'T',
      targetLabel: 'the organization',
      subjects: [],
      after: { setting: 'two_approvals', twoApprovalsFor: ['license_pro'] },
    }),
    reads: '<@UADA> changed the approvals policy (two approvals).',
  },
  'approvals.delegated': {
    entry: entry('approvals.delegated', {
      targetType: 'user',
      after: { delegate: 'UBEA', until: '2026-12-24T00:00:00.000Z' },
    }),
    reads: '<@UADA> handed their approvals to <@UBEA> until 2026-12-24.',
  },
  'export.requested': {
    entry: entry('export.requested', {
      targetType: 'export',
      targetId: '6745a1b2c3d4e5f601234567',
      targetLabel: 'Licensed users',
      subjects: [ENG],
      after: { report: 'licensed', groupId: ENG, groupName: 'Engineering' },
    }),
    reads: '<@UADA> exported the *Licensed users* report of *Engineering*.',
  },
  'export.downloaded': {
    entry: entry('export.downloaded', {
      source: 'link',
      targetType: 'export',
      targetId: '6745a1b2c3d4e5f601234567',
      targetLabel: 'All users',
      subjects: [],
      after: { report: 'users', rows: 1200 },
    }),
    reads: "<@UADA>'s *All users* export was downloaded (1,200 rows).",
  },
  'digest.subscribed': {
    entry: entry('digest.subscribed', {
      targetType: 'digest_subscription',
      targetId: 'T:digest:C0DIGEST:abc',
      subjects: ['ann@acme.test', ENG],
      after: {
        destination: 'C0DIGEST',
        destinationKind: 'channel',
        groupIds: [ENG],
        day: 'mon',
        time: '09:00',
        timeZone: 'Europe/Berlin',
      },
    }),
    reads: '<@UADA> subscribed <#C0DIGEST> to the weekly digest of *Engineering*, Mondays at 09:00 (Europe/Berlin).',
  },
  'digest.unsubscribed': {
    entry: entry('digest.unsubscribed', {
      targetType: 'digest_subscription',
      targetId: 'T:digest:UANN:org',
      before: { destination: 'UANN', destinationKind: 'dm', groupIds: [], day: 'fri', time: '16:30', timeZone: 'UTC' },
    }),
    reads: '<@UADA> ended the weekly digest of the organization to <@UANN>.',
  },
  'digest.paused': {
    entry: entry('digest.paused', {
      actor: { slackUserId: undefined, email: undefined, role: 'admin' },
      source: 'job',
      targetType: 'digest_subscription',
      targetId: 'T:digest:C0DIGEST:abc',
      before: { destination: 'C0DIGEST', destinationKind: 'channel', groupIds: [ENG] },
      after: { status: 'paused', reason: 'Slack refused the message (the channel is archived), 3 times in a row' },
    }),
    reads:
      'ub paused the weekly digest of *Engineering* to <#C0DIGEST>: Slack refused the message (the channel is archived), 3 times in a row.',
  },
  'nudge.sent': {
    entry: entry('nudge.sent', { after: { step: 'joined', stepLabel: 'accept your invitation' } }),
    reads: '<@UADA> nudged ann@acme.test (accept your invitation).',
  },
  'nudge.settings_changed': {
    entry: entry('nudge.settings_changed', {
      targetType: 'organization',
      targetId: 'T',
      after: { reminderEnabled: true, reminderDelayHours: 72 },
    }),
    reads: '<@UADA> set the automatic invitation reminder to 72 hours after an invitation.',
  },
};

/**
 * Every `action` string the services write, read from their source: the literals of every
 * `action: …` expression, and literal arguments on a line of their own (change-group-admins
 * passes the action to the helper that records it).
 */
function actionsWrittenByServices(): Set<string> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'src', 'services');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((f) =>
      f.isDirectory() ? files(path.join(dir, f.name)) : f.name.endsWith('.ts') ? [path.join(dir, f.name)] : [],
    );
  const found = new Set<string>();
  for (const file of files(root)) {
    if (/(authorization|domain|invitation-policy)\.ts$/.test(file)) continue;
    const source = readFileSync(file, 'utf8');
    const expressions = [
      ...[...source.matchAll(/\baction:\s*([^,\n]+)/g)].map((m) => m[1]!),
      ...[...source.matchAll(/^\s*('[a-z]+\.[a-z_]+'),?$/gm)].map((m) => m[1]!),
    ];
    for (const expression of expressions)
      for (const literal of expression.matchAll(/'([a-z]+\.[a-z_]+)'/g)) found.add(literal[1]!);
  }
  return found;
}

describe('audit sentences', () => {
  it('has a sentence for every action string the services write', () => {
    const written = actionsWrittenByServices();
    expect(written.size).toBeGreaterThanOrEqual(20);
    expect([...written].filter((a) => !(a in AUDIT_SENTENCES))).toEqual([]);
    expect([...AUDIT_ACTIONS].sort()).toEqual([...written].sort());
  });

  it.each([...AUDIT_ACTIONS])('reads %s as a sentence with names, not ids or JSON', (action) => {
    const { entry: sample, reads } = samples[action];
    const sentence = auditSentence([sample], groupNames);
    expect(sentence).toBe(reads);
    expect(sentence).not.toMatch(/T:g:|\{|\[|undefined|_/);
  });

  it.each([...AUDIT_ACTIONS])('reads %s from a record with no before or after without "undefined"', (action) => {
    expect(auditSentence([entry(action)], {})).not.toMatch(/undefined|NaN|null|\[object/);
  });

  it('reads several changes of one request as one sentence, people in the order given', () => {
    const run = ['cy', 'bob', 'ann'].map((name, i) =>
      entry('group.member_added', {
        id: `m${i}`,
        targetLabel: `${name}@acme.test`,
        subjects: [`${name}@acme.test`, ENG],
        after: { group: 'Engineering' },
      }),
    );
    const page: AuditLogPage = { subject: undefined, entries: run, groupNames, next: undefined, previous: undefined };
    const { blocks } = auditListBlocks({ page, pageNumber: 1 });
    expect(text(blocks)).toContain(
      '<@UADA> added 3 people (ann@acme.test, bob@acme.test, cy@acme.test) to *Engineering*.',
    );
  });

  it('falls back to a plain sentence for a kind it does not know', () => {
    expect(auditSentence([entry('course.assigned')], groupNames)).toBe(
      '<@UADA> made a change to ann@acme.test (course.assigned).',
    );
  });
});

describe('auditListBlocks', () => {
  it('shows each entry as a sentence with a date in the reader’s time zone and where it came from, and pages both ways', () => {
    const page: AuditLogPage = {
      subject: { kind: 'group', label: 'Data Eng' },
      entries: [samples['user.set_license'].entry],
      groupNames,
      next: '1_a',
      previous: '2_b',
    };
    const { text: fallback, blocks } = auditListBlocks({ page, pageNumber: 2 });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(fallback).toBe('Audit log for Data Eng, newest first (page 2)');
    const all = text(blocks);
    expect(all).toContain('<@UADA> gave ann@acme.test a Pro license.');
    expect(all).toContain('<!date^1795601040^{date_short_pretty} {time}|2026-11-25 10:04 UTC> · via a command');
    expect(all).not.toContain('user.set_license');
    const paging = blocks.at(-1) as { elements: Array<{ value: string }> };
    expect(paging.elements.map((e) => JSON.parse(e.value) as unknown)).toEqual([
      { s: 'Data Eng', p: 1, b: '2_b' },
      { s: 'Data Eng', p: 3, a: '1_a' },
    ]);
  });

  it('keeps huge values and labels within Slack limits', () => {
    const entries = Array.from({ length: 10 }, (_, i) =>
      entry('x'.repeat(500), {
        id: `${i}`,
        actor: { slackUserId: undefined, email: undefined, role: 'admin' },
        targetLabel: 'y'.repeat(3000),
        before: { list: Array.from({ length: 5000 }, (_, j) => `item${j}`) },
        source: 'job',
        requestId: undefined,
      }),
    );
    const { blocks } = auditListBlocks({
      page: { subject: undefined, entries, groupNames: {}, next: undefined, previous: undefined },
      pageNumber: 1,
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text(blocks)).toContain('ub made a change to');
  });
});
