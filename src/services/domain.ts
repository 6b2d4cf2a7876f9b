/**
 * ub's domain vocabulary, declared once: the words models, services, views and commands share
 * (docs/decisions/008-domain-vocabulary.md). A person is anyone ub knows by email; a member is
 * a person who has joined (a user document); an invitee is a person with a pending invitation.
 * Nothing here imports anything, so every layer (and every model) can import it.
 */

export const ROLES = ['admin', 'group_admin', 'user'] as const;
export type Role = (typeof ROLES)[number];

export type LicenseType = 'standard' | 'pro';

/** A member's status; invitees are not members yet (see InvitationStatus). */
export type UserStatus = 'active' | 'deactivated';

export type InvitationStatus = 'pending' | 'accepted' | 'cancelled';

/**
 * The languages an invitation can be written in: those Udemy Business offers for its invitations
 * (its site languages). The code is what is stored; `name` is how ub names it to admins.
 */
export const INVITATION_LANGUAGES = [
  { code: 'en', name: 'English', native: 'English' },
  { code: 'de', name: 'German', native: 'Deutsch' },
  { code: 'es', name: 'Spanish', native: 'Español' },
  { code: 'fr', name: 'French', native: 'Français' },
  { code: 'id', name: 'Indonesian', native: 'Bahasa Indonesia' },
  { code: 'it', name: 'Italian', native: 'Italiano' },
  { code: 'ja', name: 'Japanese', native: '日本語' },
  { code: 'ko', name: 'Korean', native: '한국어' },
  { code: 'nl', name: 'Dutch', native: 'Nederlands' },
  { code: 'pl', name: 'Polish', native: 'Polski' },
  { code: 'pt', name: 'Portuguese', native: 'Português' },
  { code: 'ro', name: 'Romanian', native: 'Română' },
  { code: 'ru', name: 'Russian', native: 'Русский' },
  { code: 'th', name: 'Thai', native: 'ไทย' },
  { code: 'tr', name: 'Turkish', native: 'Türkçe' },
  { code: 'zh-CN', name: 'Chinese (Simplified)', native: '中文(简体)' },
  { code: 'zh-TW', name: 'Chinese (Traditional)', native: '中文(繁體)' },
] as const;
export type InvitationLanguage = (typeof INVITATION_LANGUAGES)[number]['code'];
export const DEFAULT_INVITATION_LANGUAGE: InvitationLanguage = 'en';

/** A language by its code, English name or own name, whatever the case ("de", "German", "deutsch"). */
export function findInvitationLanguage(text: string): InvitationLanguage | undefined {
  const wanted = text.trim().toLowerCase().replace('_', '-');
  return INVITATION_LANGUAGES.find((l) => [l.code, l.name, l.native].some((n) => n.toLowerCase() === wanted))?.code;
}

/** How ub names a language to admins: "German". Unknown codes (older records) read as they are. */
export function invitationLanguageName(code: string): string {
  return INVITATION_LANGUAGES.find((l) => l.code === code)?.name ?? code;
}

/** The CSV reports ub exports (rules file, "CSV exports"), by the word `/ub export` takes. */
export const EXPORT_REPORTS = ['users', 'licensed', 'pending', 'deactivated'] as const;
export type ExportReport = (typeof EXPORT_REPORTS)[number];

/** What an export file holds: a report, or the per-row result of a CSV import (DMed the same way). */
export type ExportFileKind = ExportReport | 'import_result';

/** How Udemy Business names each report (and ub its import results). */
export const EXPORT_REPORT_NAMES: Record<ExportFileKind, string> = {
  users: 'All users',
  licensed: 'Licensed users',
  pending: 'Pending invitations',
  deactivated: 'Deactivated users',
  import_result: 'Import result',
};

/** A group-admin permission beyond the ones every group admin has (rules file, "Roles"). */
export type GroupAdminPermission = 'invite_deactivate';

export interface ManagedGroup {
  groupId: string;
  permissions: GroupAdminPermission[];
}

/**
 * Every kind of change the audit log records, as services write it in `action`. A new kind
 * needs a sentence in views/audit/audit-sentences.ts (the type makes that table complete).
 */
export const AUDIT_ACTIONS = [
  'user.bootstrap_admin',
  'user.change_role',
  'user.deactivate',
  'user.reactivate',
  'user.set_license',
  'user.notified',
  'invitation.create',
  'invitation.delivered',
  'invitation.resend',
  'invitation.cancel',
  'invitation.accept',
  'invitation.change_role',
  'invitation.set_license',
  'license.set_seats',
  'license.seats_repaired',
  'license.reclaim_warned',
  'license.reclaimed',
  'license.reclaim_kept',
  'group.created',
  'group.renamed',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
  'group.admin_assigned',
  'group.admin_removed',
  'request.created',
  'request.approved',
  'request.denied',
  'request.cancelled',
  'request.expired',
  'request.executed',
  'request.failed',
  'request.waitlisted',
  'request.escalated',
  'request.grant_ended',
  'approvals.channel_set',
  'approvals.delegated',
  'approvals.policy_set',
  'export.requested',
  'export.downloaded',
  'digest.subscribed',
  'digest.unsubscribed',
  'digest.paused',
  'nudge.sent',
  'nudge.settings_changed',
  'funnel.counters_repaired',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Where a change came from, as the audit log records it. */
export type AuditSource =
  | 'command'
  | 'modal'
  | 'button'
  | 'job'
  | 'event'
  | 'install'
  | 'bootstrap'
  | 'import'
  /** The learning platform's activity feed. */
  | 'activity'
  /** A change carried out because an approver approved a request (the entry names the request). */
  | 'request'
  /** A signed link ub sent (an export download). */
  | 'link';

/**
 * What people can ask for (issue 12): an invitation (into a group or not), adding someone to a
 * group, a Pro license, and a seat for oneself (`access`).
 */
export const REQUEST_KINDS = ['invite', 'group_add', 'license_pro', 'access'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** pending → approved | denied | cancelled | expired; an approved request is then carried out. */
export const REQUEST_STATUSES = ['pending', 'approved', 'denied', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** What happened to an approved request: done, waiting for a seat, or refused with a reason. */
export type RequestOutcome = 'executed' | 'waitlisted' | 'failed';

/** What Slack says about one of its users, without any Slack types. */
export interface SlackProfile {
  slackUserId: string;
  email: string | undefined;
  realName: string | undefined;
  tz: string | undefined;
  deleted: boolean;
  isBot: boolean;
  /** Slack said it has no such user (users.info: user_not_found): a mention of someone not here. */
  unknown?: boolean;
}

/**
 * The `_id` of a person's member (users) and invitation (invitations) documents:
 * `<orgId>:<normalized email>`, so the hottest lookups are `_id` reads (decision 004). One key
 * for both, which is also how the audit log finds a person's entries whatever they were then.
 */
export function personKey(orgId: string, email: string): string {
  return `${orgId}:${email}`;
}

/** One item of a bulk request: the email as typed (or the @mention that gave none), and why. */
export interface BulkItem {
  email: string;
  reason?: string;
  /** An @mention that gave no email: views show it as the person's mention, never as `<@U…>` text. */
  slackUserId?: string;
}

/** An item that was skipped or failed always says why. */
export interface BulkProblem extends BulkItem {
  reason: string;
}

/**
 * What a bulk service returns, and what views/bulk-result-blocks.ts renders as it is:
 * every item lands in exactly one list. `done` items may carry more (what a DM needs).
 */
export interface BulkResult<Done extends BulkItem = BulkItem> {
  done: Done[];
  skipped: BulkProblem[];
  failed: BulkProblem[];
}

/** One item's place in a bulk result: which list, and why (bulk runs store these per item). */
export interface BulkOutcome extends BulkProblem {
  status: keyof BulkResult;
}

/** The bulk result of a list of outcomes, in their order. */
export function bulkResultOf(outcomes: Iterable<BulkOutcome>): BulkResult {
  const result: BulkResult = { done: [], skipped: [], failed: [] };
  for (const { status, email, reason } of outcomes) {
    if (status === 'done' && !reason) result.done.push({ email });
    else result[status].push({ email, reason });
  }
  return result;
}

/**
 * The steps of the User Adoption Funnel a person can be at (rules file): invited (a pending
 * invitation), joined (an active member), enrolled (joined and enrolled in a course), started
 * (enrolled and watched a first lecture: adopted). Deactivated people are at no step: they hold no
 * license, and the funnel is about the licenses in use (decision 021).
 */
export const FUNNEL_STEPS = ['invited', 'joined', 'enrolled', 'started'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** The member fields a member's funnel step is read from. */
export interface FunnelFields {
  status: UserStatus;
  firstEnrollmentAt?: Date | undefined;
  firstLectureAt?: Date | undefined;
}

/** The furthest step an active member has reached (undefined for a deactivated one). */
export function memberFunnelStep(member: FunnelFields): Exclude<FunnelStep, 'invited'> | undefined {
  if (member.status !== 'active') return undefined;
  if (member.firstLectureAt) return 'started';
  if (member.firstEnrollmentAt) return 'enrolled';
  return 'joined';
}
