import { groupsActorMayUse, type Action } from '../authorization.js';
import type { Actor } from '../context.js';
import { UbError } from '../errors.js';
import type { ExportReport } from '../domain.js';
import type { ExportFileDoc } from '../models/export-file.js';

/** What a report is allowed to read for one requester: the query, and the groups its Groups column may name. */
export interface ExportScope {
  collection: 'users' | 'invitations' | 'enrollments';
  filter: Record<string, unknown>;
  /** Groups the requester may see (undefined: all, for admins); other groups stay out of the file. */
  visibleGroupIds: ReadonlySet<string> | undefined;
}

/** The permission each report needs (rules file, "Roles"): pending and deactivated people need invite/deactivate. */
export const REPORT_ACTION: Record<ExportReport, Action> = {
  users: 'user.view',
  licensed: 'user.view',
  pending: 'invitation.view',
  deactivated: 'user.deactivate',
  activity: 'insights.view',
};

/**
 * The query of a report for its requester, decided once from the actor stored with the export:
 * admins read the whole organization, group admins the people of their groups (and the
 * deactivated and pending ones only through groups where they hold invite/deactivate), users
 * nothing. A group filter must name a group the requester may export.
 */
export function exportScope(
  orgId: string,
  actor: Actor,
  report: ExportReport,
  filters: ExportFileDoc['filters'],
): ExportScope {
  const action = REPORT_ACTION[report];
  const allowed = groupsActorMayUse(actor, action);
  if (allowed !== undefined && allowed.length === 0) throw new UbError('not_authorized', refusal(actor, report));
  if (filters.groupId !== undefined && allowed !== undefined && !allowed.includes(filters.groupId)) {
    const permission = action === 'user.view' ? '' : ' with the invite/deactivate permission';
    throw new UbError(
      'not_authorized',
      `You do not manage the group “${filters.groupName ?? filters.groupId}”${permission}: group admins export only the groups they manage.`,
    );
  }
  const within = (groups: string[] | undefined) => {
    const narrowed = filters.groupId !== undefined ? [filters.groupId] : groups;
    return narrowed === undefined ? {} : { groupIds: { $in: narrowed.filter((g) => !groups || groups.includes(g)) } };
  };
  const visibleGroupIds = allowed === undefined ? undefined : new Set(groupsActorMayUse(actor, 'user.view'));
  const since = filters.since;
  switch (report) {
    case 'activity':
      // One row per person and course. An enrollment carries the person's groups as they were when
      // they were last active in the course: the groups the course insights count it in (decision 039).
      return {
        collection: 'enrollments',
        filter: { orgId, ...within(allowed), ...(since ? { lastActivityAt: { $gte: since } } : {}) },
        visibleGroupIds,
      };
    case 'pending':
      return {
        collection: 'invitations',
        filter: { orgId, status: 'pending', ...within(allowed), ...(since ? { firstSentAt: { $gte: since } } : {}) },
        visibleGroupIds,
      };
    case 'deactivated':
      return {
        collection: 'users',
        filter: {
          orgId,
          status: 'deactivated',
          ...within(allowed),
          ...(since ? { deactivatedAt: { $gte: since } } : {}),
        },
        visibleGroupIds,
      };
    case 'licensed':
    case 'users': {
      const status = report === 'licensed' ? 'active' : filters.status;
      const joined = since ? { joinedAt: { $gte: since } } : {};
      if (allowed === undefined)
        return {
          collection: 'users',
          filter: { orgId, ...(status ? { status } : {}), ...within(allowed), ...joined },
          visibleGroupIds,
        };
      // A group admin sees the active people of their groups, and the deactivated ones only where
      // they may deactivate (rules file: "see … deactivated users of their groups").
      const deactivatable = groupsActorMayUse(actor, 'user.deactivate') ?? [];
      const branches = [
        ...(status !== 'deactivated' ? [{ status: 'active', ...within(allowed) }] : []),
        ...(status !== 'active' && deactivatable.length > 0
          ? [{ status: 'deactivated', ...within(deactivatable) }]
          : []),
      ];
      if (branches.length === 0) throw new UbError('not_authorized', refusal(actor, 'deactivated'));
      return { collection: 'users', filter: { orgId, $or: branches, ...joined }, visibleGroupIds };
    }
  }
}

function refusal(actor: Actor, report: ExportReport): string {
  if (actor.role === 'user')
    return 'Only admins and group admins can export reports. Ask an admin for the file you need.';
  if (report === 'pending' || report === 'deactivated')
    return `The ${report} report needs the invite/deactivate permission in a group you manage. An admin can grant it.`;
  return 'You do not manage any group yet, so there is nobody for you to export.';
}
