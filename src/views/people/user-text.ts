import type { Role, LicenseType, UserStatus } from '../../services/domain.js';

/** How roles and licenses read in messages about people. */

export const ROLE_LABELS: Record<Role, string> = { admin: 'admin', group_admin: 'group admin', user: 'user' };

/** "an admin", "a group admin", "a user". */
export function roleWithArticle(role: Role): string {
  return `${role === 'admin' ? 'an' : 'a'} ${ROLE_LABELS[role]}`;
}

export function licenseLabel(licenseType: LicenseType, status: UserStatus = 'active'): string {
  if (status === 'deactivated') return 'None (deactivated)';
  return licenseType === 'pro' ? 'Pro' : 'Standard';
}
