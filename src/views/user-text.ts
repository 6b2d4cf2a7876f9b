import type { Role } from '../services/context.js';
import type { LicenseType, UserStatus } from '../services/models/user.js';

/** How roles, licenses and dates read in messages about people. */

export const ROLE_LABELS: Record<Role, string> = { admin: 'admin', group_admin: 'group admin', user: 'user' };

/** "an admin", "a group admin", "a user". */
export function roleWithArticle(role: Role): string {
  return `${role === 'admin' ? 'an' : 'a'} ${ROLE_LABELS[role]}`;
}

export function licenseLabel(licenseType: LicenseType, status: UserStatus = 'active'): string {
  if (status === 'deactivated') return 'None (deactivated)';
  return licenseType === 'pro' ? 'Pro' : 'Standard';
}

/** A date Slack shows in the reader's own time zone, with a plain fallback. */
export function slackDate(date: Date, format: 'date' | 'datetime' = 'date'): string {
  const token = format === 'date' ? '{date_short}' : '{date_short} {time}';
  const fallback = format === 'date' ? date.toISOString().slice(0, 10) : `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(date.getTime() / 1000)}^${token}|${fallback}>`;
}

/** Names joined for a sentence, the first few and a count of the rest. */
export function nameList(names: string[], max = 10): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
