import type { KnownBlock, MrkdwnElement } from '@slack/types';
import type { UserProfile } from '../../services/people/get-user-profile.js';
import { escapeMrkdwn, linesWithin, truncate } from '../mrkdwn.js';
import { licenseLabel, ROLE_LABELS } from './user-text.js';
import { nameList, slackDate } from '../format.js';
import { count } from '../../plural.js';
import type { MyStanding } from '../../services/my-standing.js';
import { howToGetMore, standingIntro } from '../standing-text.js';

export const NO_COURSE_ACTIVITY = 'No course activity recorded yet.';

/** `/ub user`: who they are, their role, license, groups, dates, and their courses. */
export function userProfileBlocks(profile: UserProfile): { text: string; blocks: KnownBlock[] } {
  const e = escapeMrkdwn;
  const field = (label: string, value: string): MrkdwnElement => ({
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${value}`, 2000),
  });
  const fields: MrkdwnElement[] = [
    field('Email', e(profile.email)),
    field('Role', ROLE_LABELS[profile.role]),
    field('Status', profile.status === 'active' ? 'Active' : 'Deactivated'),
    field('License', licenseLabel(profile.licenseType, profile.status)),
  ];
  if (profile.invitedAt) fields.push(field('Invited', slackDate(profile.invitedAt)));
  if (profile.joinedAt) fields.push(field('Joined', slackDate(profile.joinedAt)));
  if (profile.deactivatedAt) {
    fields.push(
      field(
        'Deactivated',
        `${slackDate(profile.deactivatedAt)}${profile.deactivatedBy ? ` by ${e(profile.deactivatedBy)}` : ''}`,
      ),
    );
  }
  fields.push(field('Last activity', profile.lastActivityAt ? slackDate(profile.lastActivityAt) : 'None yet'));
  if (profile.slackUserId) fields.push(field('Slack', `<@${profile.slackUserId}>`));

  const groupLines = [
    `*Groups:* ${
      profile.groups.length > 0
        ? e(
            nameList(
              profile.groups.map((g) => g.name),
              30,
            ),
          )
        : 'none'
    }`,
  ];
  if (profile.managedGroups.length > 0) {
    const managed = profile.managedGroups.map(
      (g) => `${g.name}${g.permissions.includes('invite_deactivate') ? ' (can invite and deactivate)' : ''}`,
    );
    groupLines.push(`*Manages:* ${e(nameList(managed, 30))}`);
  } else if (profile.role === 'group_admin' && profile.status === 'active') {
    groupLines.push('*Manages:* no group yet. An admin assigns one with `/ub group admin`.');
  }
  if (profile.managedGroupsAtDeactivation.length > 0) {
    groupLines.push(
      `*Managed before deactivation:* ${e(
        nameList(
          profile.managedGroupsAtDeactivation.map((g) => g.name),
          30,
        ),
      )} (given back on reactivation)`,
    );
  }

  const courseLines =
    profile.courses.length === 0
      ? [NO_COURSE_ACTIVITY]
      : profile.courses
          .slice(0, 30)
          .map(
            (c) =>
              `• ${e(truncate(c.title, 200))} — ${c.completedAt ? `completed ${slackDate(c.completedAt)}` : `${Math.round(c.progressPercent)}%`}${c.lecturesCompleted ? ` · ${count(c.lecturesCompleted, 'lecture')} done` : ''}${c.lastActivityAt ? ` · last ${slackDate(c.lastActivityAt)}` : ''}`,
          );
  if (profile.courses.length > 30) courseLines.push(`_…and ${profile.courses.length - 30} more_`);

  const ids = [
    profile.externalId ? `External id: ${e(profile.externalId)}` : undefined,
    profile.lmsUserId ? `LMS user id: ${e(profile.lmsUserId)}` : undefined,
  ].filter((x): x is string => x !== undefined);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(profile.name, 150) } },
    { type: 'section', fields },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(groupLines.join('\n'), 3000) } },
    // Whole lines only: a line cut in two would leave half a date token.
    { type: 'section', text: { type: 'mrkdwn', text: linesWithin(['*Courses*', ...courseLines], 3000) } },
  ];
  if (ids.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ids.join(' · ') }] });
  const status = profile.status === 'active' ? '' : ', deactivated';
  return {
    text: truncate(`${e(profile.name)} (${e(profile.email)}): ${ROLE_LABELS[profile.role]}${status}`, 3000),
    blocks,
  };
}

/** `/ub user me` from someone who is not a member: where they stand and whom to ask, nothing they may not run. */
export function notAMemberBlocks(standing: MyStanding): { text: string; blocks: KnownBlock[] } {
  const more = howToGetMore(standing);
  const text = [standingIntro(standing), ...(more ? [more] : [])].join(' ');
  return {
    text: truncate(text, 3000),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } }],
  };
}
