import type { KnownBlock } from '@slack/types';
import type { AuditLogEntry } from '../services/audit/audit-repository.js';
import {
  EXPORT_REPORT_NAMES,
  invitationLanguageName,
  type AuditAction,
  type AuditSource,
  type ExportFileKind,
} from '../services/domain.js';
import { count, formatNumber, plural } from '../plural.js';
import { nameList, slackDate } from './format.js';
import { escapeMrkdwn, truncate } from './mrkdwn.js';

/**
 * The audit log in sentences (shared by `/ub audit` and App Home's recent changes): one renderer per kind of change, each reading the raw record the
 * service wrote (before/after as it stored them). Entries of one request and kind that concern
 * one thing (three people added to a group by one command) read as one sentence: "Ada added 3
 * people to Engineering".
 */

/** What a renderer reads: the first entry of a run, the people or things of the whole run, the names it needs. */
export interface SentenceInput {
  entry: AuditLogEntry;
  /** Who did it, as Slack shows them (a mention), their email, or ub itself. */
  actor: string;
  /** The targets of the run, escaped: one, or several for a run of one request. */
  targets: string[];
  /** A group's current name (escaped, bold), or its name at the time, or "a deleted group". */
  group(id: string | undefined, nameThen?: unknown): string;
}

type Sentence = (input: SentenceInput) => string;

const e = escapeMrkdwn;

/** A list of targets for a sentence: "ann@acme.test", or "3 people: a, b and c". */
function people(targets: string[], noun: [string, string] = ['person', 'people']): string {
  if (targets.length === 1) return targets[0]!;
  return `${count(targets.length, noun[0], noun[1])} (${nameList(targets, 10)})`;
}

const roleWords: Record<string, string> = { admin: 'admin', group_admin: 'group admin', user: 'user' };
/** A role in words; entries written before a field existed read "another role" rather than "undefined". */
const role = (value: unknown) => (typeof value === 'string' ? (roleWords[value] ?? e(value)) : 'another role');
const license = (value: unknown) => (value === 'pro' ? 'Pro' : 'standard');
/** " as a user", " as an admin", " as users"; nothing when the record does not say. */
const asRole = (value: unknown, n: number) => {
  if (typeof value !== 'string') return '';
  return ` as ${plural(n, `${role(value) === 'admin' ? 'an' : 'a'} ${role(value)}`, `${role(value)}s`)}`;
};
/** " with a Pro license", " with standard licenses"; nothing when the record does not say. */
const withLicense = (value: unknown, n: number) => {
  if (typeof value !== 'string') return '';
  return ` with ${plural(n, `a ${license(value)} license`, `${license(value)} licenses`)}`;
};

function groupList(input: SentenceInput, ids: unknown): string {
  const list = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  return list.map((id) => input.group(id)).join(', ');
}

/** Group ids of `managedGroups` arrays as services store them. */
function managedIds(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((g: unknown) =>
    g && typeof g === 'object' && typeof (g as { groupId?: unknown }).groupId === 'string'
      ? [(g as { groupId: string }).groupId]
      : [],
  );
}

function groupOf(input: SentenceInput): string | undefined {
  return input.entry.subjects.find((s) => s.includes(':g:'));
}

export const AUDIT_SENTENCES: Record<AuditAction, Sentence> = {
  'user.bootstrap_admin': (i) =>
    `${i.targets[0]} joined as an admin: ub was set up with them as one of its first admins`,
  'user.change_role': (i) => {
    const { before, after } = i.entry;
    const ended = managedIds(before?.managedGroups).filter((g) => !managedIds(after?.managedGroups).includes(g));
    const tail = ended.length > 0 ? `; they no longer manage ${groupList(i, ended)}` : '';
    return `${i.actor} changed the role of ${i.targets[0]} from ${role(before?.role)} to ${role(after?.role)}${tail}`;
  },
  'user.deactivate': (i) => {
    const ended = managedIds(i.entry.before?.managedGroups);
    const tail = ended.length > 0 ? ` and they stopped managing ${groupList(i, ended)}` : '';
    return `${i.actor} deactivated ${i.targets[0]}: their license is free again${tail}`;
  },
  'user.reactivate': (i) => {
    const back = managedIds(i.entry.after?.managedGroups);
    const tail = back.length > 0 ? `; they manage ${groupList(i, back)} again` : '';
    return `${i.actor} reactivated ${i.targets[0]}${withLicense(i.entry.after?.licenseType, 1)}${tail}`;
  },
  'user.notified': (i) =>
    `${i.actor} told ${people(i.targets)} in a DM that ${i.targets.length === 1 ? 'their account was' : 'their accounts were'} ${i.entry.after?.notice === 'reactivated' ? 'reactivated' : 'deactivated'}`,
  'user.set_license': (i) =>
    i.entry.after?.licenseType === 'pro'
      ? `${i.actor} gave ${i.targets[0]} a Pro license`
      : `${i.actor} took the Pro license back from ${i.targets[0]} (standard license now)`,
  'invitation.create': (i) => {
    const { before, after } = i.entry;
    const groups = groupList(i, after?.groupIds);
    const again = before?.status === 'cancelled' ? ', again after a cancelled invitation' : '';
    const language =
      typeof after?.language === 'string' && after.language !== 'en'
        ? `, written in ${e(invitationLanguageName(after.language))}`
        : '';
    const n = i.targets.length;
    return `${i.actor} invited ${people(i.targets)}${asRole(after?.role, n)}${withLicense(after?.licenseType, n)}${groups ? ` into ${groups}` : ''}${language}${again}`;
  },
  'invitation.delivered': (i) => {
    const to = i.entry.after?.slackUserId;
    return `The invitation to ${i.targets[0]} reached them in Slack${typeof to === 'string' ? ` as <@${e(to)}>` : ''}`;
  },
  'invitation.resend': (i) => {
    const sent = i.entry.after?.sendCount;
    if (i.targets.length > 1) return `${i.actor} resent ${people(i.targets, ['invitation', 'invitations'])}`;
    return `${i.actor} resent the invitation to ${i.targets[0]}${typeof sent === 'number' ? ` (sent ${count(sent, 'time')} now)` : ''}`;
  },
  'invitation.cancel': (i) =>
    i.targets.length > 1
      ? `${i.actor} cancelled ${people(i.targets, ['invitation', 'invitations'])}: their licenses are free again`
      : `${i.actor} cancelled the invitation to ${i.targets[0]}: its license is free again`,
  'invitation.accept': (i) => {
    const { after } = i.entry;
    const groups = groupList(i, after?.groupIds);
    return `${i.targets[0]} accepted their invitation and joined${asRole(after?.role, 1)}${withLicense(after?.licenseType, 1)}${groups ? `, in ${groups}` : ''}`;
  },
  'invitation.change_role': (i) =>
    `${i.actor} changed the role of ${i.targets[0]} (invited) from ${role(i.entry.before?.role)} to ${role(i.entry.after?.role)}`,
  'invitation.set_license': (i) =>
    i.entry.after?.licenseType === 'pro'
      ? `${i.actor} gave ${i.targets[0]} (invited) a Pro license`
      : `${i.actor} changed the invitation to ${i.targets[0]} from a Pro to a standard license`,
  'license.set_seats': (i) => {
    const { before, after } = i.entry;
    const changes: string[] = [];
    const from = (key: string) => formatNumber(Number(before?.[key] ?? 0));
    const to = (key: string) => formatNumber(Number(after?.[key] ?? 0));
    if (before?.seats !== after?.seats) changes.push(`the licenses from ${from('seats')} to ${to('seats')}`);
    if (before?.proSeats !== after?.proSeats)
      changes.push(`the Pro licenses from ${from('proSeats')} to ${to('proSeats')}`);
    return changes.length > 0
      ? `${i.actor} set ${changes.join(' and ')}`
      : `${i.actor} set the licenses to ${to('seats')} (${to('proSeats')} Pro), as they were`;
  },
  'license.seats_repaired': (i) =>
    `${i.actor} repaired the license counts (${e(String(i.entry.after?.why ?? 'they had drifted'))}): ${formatNumber(Number(i.entry.after?.inUse ?? 0))} licenses in use, ${formatNumber(Number(i.entry.after?.proInUse ?? 0))} of them Pro`,
  'license.reclaim_warned': (i) =>
    `${i.actor} warned ${i.targets[0]} that their unused Pro license goes back to standard on ${dayOf(i.entry.after?.reclaimAt)}${policyNote(i)}`,
  'license.reclaimed': (i) => `${i.actor} reclaimed the Pro license of ${i.targets[0]}${policyNote(i)}`,
  'license.reclaim_kept': (i) =>
    `${i.actor} still needs the Pro license of ${i.targets[0]}: kept until ${dayOf(i.entry.after?.keptUntil)}`,
  'funnel.counters_repaired': (i) =>
    `${i.actor} repaired the adoption funnel counts of ${i.entry.targetType === 'group' ? i.group(i.entry.targetId, i.entry.after?.name) : 'the organization'} (${e(String(i.entry.after?.why ?? 'they had drifted'))})`,
  'group.created': (i) => `${i.actor} created the group ${i.group(i.entry.targetId, i.entry.after?.name)}`,
  'group.renamed': (i) =>
    `${i.actor} renamed the group *${e(String(i.entry.before?.name ?? ''))}* to *${e(String(i.entry.after?.name ?? ''))}*`,
  'group.deleted': (i) => {
    const members = Number(i.entry.before?.memberCount ?? 0);
    return `${i.actor} deleted the group *${e(String(i.entry.before?.name ?? ''))}*; its ${count(members, 'member')} kept ${plural(members, 'their account', 'their accounts')}`;
  },
  'group.member_added': (i) => `${i.actor} added ${people(i.targets)} to ${i.group(groupOf(i), i.entry.after?.group)}`,
  'group.member_removed': (i) =>
    `${i.actor} removed ${people(i.targets)} from ${i.group(groupOf(i), i.entry.before?.group)}`,
  'group.admin_assigned': (i) => {
    const id = groupOf(i);
    const assignment = (Array.isArray(i.entry.after?.managedGroups) ? i.entry.after.managedGroups : []).find(
      (g: unknown) => (g as { groupId?: unknown } | null)?.groupId === id,
    ) as { permissions?: unknown } | undefined;
    const may =
      Array.isArray(assignment?.permissions) && assignment.permissions.includes('invite_deactivate')
        ? ', who may invite people into it and deactivate its members'
        : '';
    return `${i.actor} made ${i.targets[0]} a group admin of ${i.group(id)}${may}`;
  },
  'group.admin_removed': (i) => {
    const nowUser = i.entry.before?.role === 'group_admin' && i.entry.after?.role === 'user';
    return `${i.actor} ended ${i.targets[0]}'s group-admin role for ${i.group(groupOf(i))}${nowUser ? '; they are a user now' : ''}`;
  },
  'request.created': (i) => {
    const why = typeof i.entry.after?.reason === 'string' ? `: “${e(truncate(i.entry.after.reason, 200))}”` : '';
    return `${i.actor} asked ${asked(i)} (request ${i.targets[0]})${why}`;
  },
  'request.approved': (i) =>
    i.entry.after?.approval === 1
      ? `${i.actor} gave the first of two approvals request ${i.targets[0]} needs`
      : typeof i.entry.after?.note === 'string'
        ? `Request ${i.targets[0]} was approved by ${e(truncate(i.entry.after.note, 200))}`
        : `${i.actor} approved request ${i.targets[0]}`,
  'request.denied': (i) => {
    const note = typeof i.entry.after?.note === 'string' ? `: “${e(truncate(i.entry.after.note, 200))}”` : '';
    return `${i.actor} denied request ${i.targets[0]}${note}`;
  },
  'request.cancelled': (i) => `${i.actor} withdrew their request ${i.targets[0]}`,
  'request.expired': (i) => `Request ${i.targets[0]} expired: nobody decided it in time`,
  'request.executed': (i) => `${i.actor} carried out request ${i.targets[0]}${detail(i)}`,
  'request.failed': (i) => `Request ${i.targets[0]}, approved by ${i.actor}, could not be carried out${detail(i)}`,
  'request.waitlisted': (i) => `Request ${i.targets[0]} waits for a free seat${detail(i)}`,
  'request.escalated': (i) => `Request ${i.targets[0]} went on to the org admins: nobody decided it in time`,
  'request.grant_ended': (i) => `${i.actor} took back what request ${i.targets[0]} granted for a time${detail(i)}`,
  'approvals.channel_set': (i) =>
    typeof i.entry.after?.approvalsChannel === 'string'
      ? `${i.actor} made <#${e(i.entry.after.approvalsChannel)}> the channel for requests no group admin can approve`
      : `${i.actor} changed the approvals channel`,
  'approvals.policy_set': (i) =>
    `${i.actor} changed the approvals policy (${e(String(i.entry.after?.setting ?? 'a setting').replace(/_/g, ' '))})`,
  'approvals.delegated': (i) => {
    const to = i.entry.after?.delegate;
    const until = i.entry.after?.until;
    if (typeof to !== 'string') return `${i.actor} took their approvals back`;
    return `${i.actor} handed their approvals to <@${e(to)}>${until instanceof Date || typeof until === 'string' ? ` until ${e(String(until).slice(0, 10))}` : ''}`;
  },
  'export.requested': (i) => `${i.actor} exported the ${exportName(i.entry.after?.report)} report${exportGroup(i)}`,
  'export.downloaded': (i) =>
    `${i.actor}'s ${exportName(i.entry.after?.report)} export was downloaded (${formatNumber(Number(i.entry.after?.rows ?? 0))} rows)`,
  'digest.subscribed': (i) =>
    `${i.actor} subscribed ${digestDestination(i.entry.after)} to the weekly digest of ${digestScope(i, i.entry.after)}, ${digestWhen(i.entry.after)}`,
  'digest.unsubscribed': (i) =>
    `${i.actor} ended the weekly digest of ${digestScope(i, i.entry.before)} to ${digestDestination(i.entry.before)}`,
  'digest.paused': (i) =>
    `${i.actor} paused the weekly digest of ${digestScope(i, i.entry.before)} to ${digestDestination(i.entry.before)}: ${e(String(i.entry.after?.reason ?? 'it kept failing'))}`,
  'nudge.sent': (i) =>
    `${i.actor} nudged ${people(i.targets)} (${e(String(i.entry.after?.stepLabel ?? 'a reminder'))})`,
  'nudge.settings_changed': (i) =>
    i.entry.after?.reminderEnabled === false
      ? `${i.actor} turned off the automatic invitation reminder`
      : `${i.actor} set the automatic invitation reminder to ${count(Number(i.entry.after?.reminderDelayHours ?? 48), 'hour')} after an invitation`,
};

const askWords: Record<string, string> = {
  invite: 'for an invitation for',
  group_add: 'to add',
  license_pro: 'for a Pro license for',
  access: 'for a seat for',
};

/** "to add bob@acme.test to *Data*", from the request as recorded. */
function asked(i: SentenceInput): string {
  const subject = (i.entry.after?.subject ?? {}) as {
    email?: unknown;
    groupId?: unknown;
    groupName?: unknown;
    days?: unknown;
  };
  const kind = typeof i.entry.after?.kind === 'string' ? i.entry.after.kind : '';
  const who = typeof subject.email === 'string' ? e(subject.email) : 'someone';
  const group =
    typeof subject.groupId === 'string'
      ? ` ${kind === 'group_add' ? 'to' : 'into'} ${i.group(subject.groupId, subject.groupName)}`
      : '';
  const days = typeof subject.days === 'number' ? ` for ${count(subject.days, 'day')}` : '';
  return `${askWords[kind] ?? 'for something for'} ${who}${group}${days}`;
}

/** The day of a date an entry recorded (a Date read back from the database, or its ISO text). */
function dayOf(value: unknown): string {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  return e(String(value ?? 'an unknown day').slice(0, 10));
}

/** The policy an automatic change was made by, as recorded in `after.policy`. */
function policyNote(i: SentenceInput): string {
  return typeof i.entry.after?.policy === 'string' ? ` (${e(truncate(i.entry.after.policy, 200))})` : '';
}

function detail(i: SentenceInput): string {
  return typeof i.entry.after?.detail === 'string' ? `: ${e(truncate(i.entry.after.detail, 200))}` : '';
}

/** A report's name as Udemy Business calls it; an unknown value (a later report) reads as it was recorded. */
function exportName(report: unknown): string {
  return typeof report === 'string' && report in EXPORT_REPORT_NAMES
    ? `*${EXPORT_REPORT_NAMES[report as ExportFileKind]}*`
    : e(String(report ?? 'a'));
}

function exportGroup(i: SentenceInput): string {
  const groupId = i.entry.after?.groupId;
  return typeof groupId === 'string' ? ` of ${i.group(groupId, i.entry.after?.groupName)}` : '';
}

/** Where a digest goes, from an audit record: `<@U…>` (their DM) or `<#C…>`. */
function digestDestination(record: Record<string, unknown> | null | undefined): string {
  const id = typeof record?.destination === 'string' ? record.destination : '';
  if (!/^[A-Z0-9]+$/.test(id)) return 'someone';
  return record?.destinationKind === 'channel' ? `<#${id}>` : `<@${id}>`;
}

function digestScope(i: SentenceInput, record: Record<string, unknown> | null | undefined): string {
  const groups = groupList(i, record?.groupIds);
  return groups === '' ? 'the organization' : groups;
}

function digestWhen(record: Record<string, unknown> | null | undefined): string {
  const day = {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  }[String(record?.day)];
  return `${day ?? 'weekly'}s at ${e(String(record?.time ?? ''))} (${e(String(record?.timeZone ?? 'UTC'))})`;
}

/** Kinds whose entries of one request read as one sentence (the same change to several people). */
const COLLECTIVE: ReadonlySet<string> = new Set([
  'nudge.sent',
  'invitation.create',
  'invitation.resend',
  'invitation.cancel',
  'group.member_added',
  'group.member_removed',
]);

/** Consecutive entries of one request, kind and group (a page is newest first, so runs stay together). */
export function runsOfEntries(entries: AuditLogEntry[]): AuditLogEntry[][] {
  const runs: AuditLogEntry[][] = [];
  for (const entry of entries) {
    const run = runs.at(-1);
    const first = run?.[0];
    const sameRun =
      first !== undefined &&
      COLLECTIVE.has(entry.action) &&
      entry.requestId !== undefined &&
      entry.requestId === first.requestId &&
      entry.action === first.action &&
      groupKey(entry) === groupKey(first);
    if (sameRun) run!.push(entry);
    else runs.push([entry]);
  }
  return runs;
}

function groupKey(entry: AuditLogEntry): string {
  const groups = entry.subjects.filter((s) => s.includes(':g:')).sort();
  return JSON.stringify([groups, entry.after?.licenseType, entry.after?.role]);
}

const sourceWords: Record<AuditSource, string> = {
  command: 'a command',
  modal: 'a form',
  button: 'a button',
  job: 'a background job',
  event: 'Slack',
  install: 'the Slack install',
  bootstrap: 'ub’s set-up',
  import: 'a CSV import',
  request: 'an approved request',
  link: 'a download link',
  activity: 'the learning platform',
};

/** "via a command", or the source as recorded when ub does not know it. */
export function sourceText(source: string): string {
  return sourceWords[source as AuditSource] ?? e(source);
}

/** The sentence for a run of entries (one entry, or several of one request), with a fallback for kinds ub does not know. */
export function auditSentence(run: AuditLogEntry[], groupNames: Record<string, string>): string {
  const entry = run[0]!;
  const actor = entry.actor.slackUserId
    ? `<@${e(entry.actor.slackUserId)}>`
    : entry.actor.email
      ? e(entry.actor.email)
      : 'ub';
  const input: SentenceInput = {
    entry,
    actor,
    // A page is newest first; the people of one request read in the order they were given.
    targets: [...run].reverse().map((r) => e(truncate(r.targetLabel, 200))),
    group: (id, nameThen) => {
      const name =
        (id !== undefined ? groupNames[id] : undefined) ?? (typeof nameThen === 'string' ? nameThen : undefined);
      return name !== undefined ? `*${e(name)}*` : 'a deleted group';
    },
  };
  const render = AUDIT_SENTENCES[entry.action as AuditAction] as Sentence | undefined;
  if (render) return `${render(input)}.`;
  return `${actor} made a change to ${input.targets[0]} (${e(truncate(entry.action, 100))}).`;
}

/** One change (or one request's run of the same change) as a sentence, with when and from where. */
export function auditEntryBlocks(run: AuditLogEntry[], groupNames: Record<string, string>): KnownBlock[] {
  const entry = run[0]!;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: truncate(auditSentence(run, groupNames), 3000) } },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `${slackDate(entry.at, 'datetime')} · via ${sourceText(entry.source)}` }],
    },
  ];
}
