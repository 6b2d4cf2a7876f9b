import type { Button, HomeView, KnownBlock } from '@slack/types';
import type { AdminDashboard, GroupAdminDashboard, HomeDashboard } from '../../services/home/home-dashboard.js';
import { count, formatNumber } from '../../plural.js';
import { auditEntryBlocks, runsOfEntries } from '../audit-sentences.js';
import { commandButton } from '../command-button.js';
import { LICENSE_COUNT_NOT_SET, licenseFields } from '../license-summary.js';
import { escapeMrkdwn, linesWithin, truncate } from '../mrkdwn.js';
import { funnelChartLines, percent, stuckButtons } from '../funnel-chart.js';
import { slackDate } from '../format.js';
import type { FunnelReport } from '../../services/insights/funnel-repository.js';
import { contactList, howToGetMore, standingIntro } from '../standing-text.js';

/** Slack's limit for a Home tab; every section below is bounded so the whole stays under it. */
export const HOME_BLOCK_LIMIT = 100;

/**
 * The App Home tab, a dashboard by role. Admins: licenses used and free, pending invitations with
 * the oldest one's age, the common actions, recent changes. Group admins: their groups with member
 * and invitee counts and what their permission lets them do. Everyone else: where they stand and
 * whom to ask, and their courses. Admins and group admins also see the adoption funnel of what
 * they manage. Each part is a section of its own, so later ones (pending requests) slot in between
 * without touching the others.
 */
export function homeView(dashboard: HomeDashboard, options: { learningUrl?: string | undefined } = {}): HomeView {
  const { standing } = dashboard;
  const title = standing.organizationName ? `ub for ${standing.organizationName}` : 'ub';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
    section(standingIntro(standing)),
  ];
  if (dashboard.admin) blocks.push(...adminSections(dashboard.admin, dashboard.now));
  else if (dashboard.groupAdmin) blocks.push(...groupAdminSections(dashboard.groupAdmin, standing));
  else blocks.push(...personSections(dashboard, options.learningUrl), ...courseSections(dashboard));
  if (dashboard.funnel) blocks.push(...funnelSections(dashboard.funnel));
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: '`/ub help` in any channel shows what you can do.' }],
  });
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCK_LIMIT) };
}

function adminSections(admin: AdminDashboard, now: Date): KnownBlock[] {
  return [
    { type: 'divider' },
    ...licenseSection(admin),
    section(pendingLine(admin, now)),
    actions('admin-actions', [
      commandButton('Invite people', 'invite', { style: 'primary' }),
      commandButton('Pending invitations', 'invitations'),
      commandButton('Groups', 'group list'),
      commandButton('Licenses', 'license'),
    ]),
    // Later: the adoption funnel and pending requests go here, each a section of its own.
    { type: 'divider' },
    ...recentChanges(admin),
  ];
}

function licenseSection(admin: AdminDashboard): KnownBlock[] {
  const { seats } = admin;
  if (!seats.countSet) {
    return [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:information_source: *${LICENSE_COUNT_NOT_SET}.* Set it to the number of licenses your Udemy Business subscription includes; nobody can be invited until it is set.`,
        },
        accessory: commandButton('Set the license count', 'license seats', { style: 'primary' }),
      },
    ];
  }
  const blocks: KnownBlock[] = [{ type: 'section', fields: licenseFields(seats) }];
  if (seats.free <= 0)
    blocks.push(section(':warning: No license is free: invitations fail until you raise the count or free a license.'));
  return blocks;
}

function pendingLine(admin: AdminDashboard, now: Date): string {
  if (admin.pendingInvitations === 0) return '*Pending invitations:* none.';
  const oldest = admin.oldestPending
    ? ` · the oldest was sent ${age(admin.oldestPending.firstSentAt, now)} (${escapeMrkdwn(admin.oldestPending.email)})`
    : '';
  return `*Pending invitations:* ${formatNumber(admin.pendingInvitations)}${oldest}`;
}

function age(then: Date, now: Date): string {
  const days = Math.floor((now.getTime() - then.getTime()) / 86_400_000);
  return days <= 0 ? 'today' : `${count(days, 'day')} ago`;
}

function recentChanges(admin: AdminDashboard): KnownBlock[] {
  const { entries, groupNames } = admin.recent;
  if (entries.length === 0) return [section('*Recent changes*\nNothing has changed yet.')];
  return [
    section('*Recent changes*'),
    ...runsOfEntries(entries).flatMap((run) => auditEntryBlocks(run, groupNames)),
    actions('audit-actions', [commandButton('Whole audit log', 'audit')]),
  ];
}

function groupAdminSections(groupAdmin: GroupAdminDashboard, standing: HomeDashboard['standing']): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'divider' }];
  if (groupAdmin.groups.length === 0) {
    blocks.push(section(howToGetMore(standing) ?? 'You manage no group yet.'));
    return blocks;
  }
  blocks.push(section('*Your groups*'));
  for (const [index, group] of groupAdmin.groups.entries()) {
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*${escapeMrkdwn(group.name)}* — ${count(group.memberCount, 'member')} · ${formatNumber(group.inviteeCount)} invited${group.canInviteDeactivate ? ' · you may invite and deactivate' : ''}`,
          3000,
        ),
      },
      accessory: commandButton('Show', `group show ${quoted(group.name)}`, { key: `group-show-${index}` }),
    });
  }
  if (groupAdmin.more > 0)
    blocks.push(section(`…and ${count(groupAdmin.more, 'more group')}: \`/ub group list\` shows them all.`));
  const inviting = groupAdmin.groups.some((g) => g.canInviteDeactivate);
  const buttons: Button[] = [
    ...(inviting
      ? [
          commandButton('Invite people', 'invite', { style: 'primary' }),
          commandButton('Pending invitations', 'invitations'),
        ]
      : []),
    commandButton('Add people to a group', 'group add'),
    commandButton('Find people', 'users'),
  ];
  blocks.push(actions('group-admin-actions', buttons));
  const more = howToGetMore(standing);
  if (more) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: more }] });
  return blocks;
}

/** Learners, and people who are not (or not yet, or no longer) members. */
function personSections(dashboard: HomeDashboard, learningUrl: string | undefined): KnownBlock[] {
  const { standing } = dashboard;
  const { me } = standing;
  const blocks: KnownBlock[] = [{ type: 'divider' }];
  if (me.kind === 'member' && me.status === 'active') {
    const groups = me.groups.length > 0 ? me.groups.map((g) => `*${escapeMrkdwn(g.name)}*`).join(', ') : 'none yet';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `*Your learning*\nLicense: ${me.licenseType === 'pro' ? 'Udemy Business Pro' : 'Udemy Business'} · Groups: ${groups}${learningUrl ? `\nCourses: <${learningUrl}|${escapeMrkdwn(learningUrl)}>` : ''}`,
          3000,
        ),
      },
      accessory: commandButton('My profile', 'user me'),
    });
    blocks.push(section(`*Need help?* Ask your group admin or a ub admin${contactList(standing.contacts)}.`));
    return blocks;
  }
  const more = howToGetMore(standing);
  if (more) blocks.push(section(more));
  return blocks;
}

/** A group name as `/ub` reads it back: in straight quotes, or curly ones when the name holds a straight one. */
function quoted(name: string): string {
  return name.includes('"') ? `“${name}”` : `"${name}"`;
}

/** The adoption funnel of what the viewer manages, with the same buttons as `/ub adoption`. */
function funnelSections(report: FunnelReport): KnownBlock[] {
  const f = report.funnel;
  const rate = f.adoptionRate === undefined ? '' : ` · adoption ${percent(f.adoptionRate)}`;
  const group = report.scope === 'groups' && report.groups.length === 1 ? report.groups[0]!.group.id : undefined;
  return [
    { type: 'divider' },
    section(`*Adoption funnel*${report.scope === 'groups' ? ' of your groups' : ''}${rate}`),
    section(`\`\`\`\n${funnelChartLines(f, report.previous?.funnel).join('\n')}\n\`\`\``),
    actions('home-adoption-stuck', stuckButtons(group)),
  ];
}

/** A learner's own courses. */
function courseSections(dashboard: HomeDashboard): KnownBlock[] {
  if (dashboard.courses.length === 0) return [];
  const lines = dashboard.courses
    .slice(0, 20)
    .map(
      (c) =>
        `• ${escapeMrkdwn(truncate(c.title, 150))} — ${c.completedAt ? `completed ${slackDate(c.completedAt)}` : `${Math.round(c.progress)}%`}`,
    );
  if (dashboard.courses.length > 20) lines.push(`_…and ${count(dashboard.courses.length - 20, 'more course')}_`);
  return [section(linesWithin(['*Your courses*', ...lines], 3000))];
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

function actions(blockId: string, elements: Button[]): KnownBlock {
  return { type: 'actions', block_id: blockId, elements };
}
