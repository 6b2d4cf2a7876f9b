import type { KnownBlock, ModalView } from '@slack/types';
import type { GroupDetails } from '../../services/groups/show-group.js';
import type { GroupPage } from '../../services/groups/list-groups.js';
import type { Group } from '../../services/groups/group-repository.js';
import type { MembershipPlan } from '../../services/groups/change-membership.js';
import type { BulkProblem } from '../../services/domain.js';
import { confirmationBlocks } from '../confirmation-blocks.js';
import { modal } from '../modal-view.js';
import { escapeMrkdwn, packLines } from '../mrkdwn.js';
import { count, formatNumber } from '../../plural.js';
import { nameList } from '../format.js';
import { bulkItemLabel } from '../bulk-result-blocks.js';

export const GROUP_LIST_PAGE_ACTION_ID = 'group.list.page';
export const GROUP_SHOW_PAGE_ACTION_ID = 'group.show.page';
export const GROUP_DELETE_ACTION_ID = 'group.delete.confirm';
export const GROUP_REMOVE_ACTION_ID = 'group.remove.confirm';
/** Confirm of a bulk add or removal, which runs as a durable job (its value is the run id). */
export const GROUP_MEMBERS_RUN_ACTION_ID = 'group.members.confirm';

/** `/ub group list`: one line per group with its member count, and Next / First page buttons. */
export function groupListBlocks(input: {
  page: GroupPage;
  total: number;
  pageNumber: number;
  nextValue?: string;
  firstValue?: string;
}): {
  text: string;
  blocks: KnownBlock[];
} {
  const { page } = input;
  const text = `Groups: ${input.total.toLocaleString('en-US')} in all (page ${input.pageNumber})`;
  if (page.groups.length === 0) {
    return {
      text,
      blocks: [
        section(
          input.pageNumber === 1
            ? 'There are no groups yet. Create one with `/ub group create "&lt;name&gt;"`.'
            : 'No more groups.',
        ),
      ],
    };
  }
  const lines = page.groups.map((g) => `• *${escapeMrkdwn(g.name)}* — ${groupCountsText(g)}`);
  return {
    text,
    blocks: [
      section(`*${text}*`),
      ...packLines(lines).map(section),
      ...pager(GROUP_LIST_PAGE_ACTION_ID, input.firstValue, input.nextValue),
    ],
  };
}

/** `/ub group show <name>`: who manages the group and one page of its members. */
export function groupShowBlocks(input: {
  details: GroupDetails;
  pageNumber: number;
  nextValue?: string;
  firstValue?: string;
}): {
  text: string;
  blocks: KnownBlock[];
} {
  const { group, admins, members, invitees } = input.details;
  const text = `${escapeMrkdwn(group.name)}: ${groupCountsText(group)}`;
  const adminLine =
    admins.length === 0
      ? '_No group admins._ An admin can add one with `/ub group admin add`.'
      : admins
          .map(
            (a) =>
              `${escapeMrkdwn(a.name || a.email)} (${escapeMrkdwn(a.email)})${a.canInviteDeactivate ? ' — can invite and deactivate' : ''}`,
          )
          .join(', ');
  const memberLines = members.map(
    (m) =>
      `• ${escapeMrkdwn(m.name || m.email)} — ${escapeMrkdwn(m.email)}${m.status === 'deactivated' ? ' _(deactivated)_' : ''}`,
  );
  const first = input.pageNumber === 1;
  const inviteeBlocks =
    invitees.length > 0
      ? packLines([
          `*Invited (${formatNumber(group.inviteeCount)})* — they join the group when they accept:`,
          ...invitees.map((email) => `• ${escapeMrkdwn(email)}`),
        ]).map(section)
      : [];
  return {
    text,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: group.name.slice(0, 150) } },
      section(
        `*Members:* ${formatNumber(group.memberCount)} · *Invited:* ${formatNumber(group.inviteeCount)} · *Group admins:* ${adminLine}`.slice(
          0,
          3000,
        ),
      ),
      ...(memberLines.length > 0
        ? packLines([`*Members (${formatNumber(group.memberCount)})*`, ...memberLines]).map(section)
        : first || invitees.length === 0
          ? [section(first ? '_No members yet._ Add people with `/ub group add`.' : '_No more members._')]
          : []),
      ...inviteeBlocks,
      ...pager(GROUP_SHOW_PAGE_ACTION_ID, input.firstValue, input.nextValue),
    ],
  };
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function pager(actionId: string, firstValue: string | undefined, nextValue: string | undefined): KnownBlock[] {
  const buttons = [
    ...(firstValue
      ? [
          {
            type: 'button' as const,
            action_id: `${actionId}:first`,
            text: { type: 'plain_text' as const, text: 'First page' },
            value: firstValue,
          },
        ]
      : []),
    ...(nextValue
      ? [
          {
            type: 'button' as const,
            action_id: `${actionId}:next`,
            text: { type: 'plain_text' as const, text: 'Next' },
            value: nextValue,
          },
        ]
      : []),
  ];
  return buttons.length > 0 ? [{ type: 'actions', elements: buttons }] : [];
}

/** The preview of `/ub group delete`: what deleting does, with Confirm / Cancel. */
export function groupDeletionPreviewBlocks(group: Group, confirmValue: string): { text: string; blocks: KnownBlock[] } {
  return confirmationBlocks({
    question: `Delete the group *${escapeMrkdwn(group.name)}*?`,
    consequences: [
      group.memberCount === 1
        ? 'Its 1 member stays in ub; only their membership of this group ends.'
        : `Its ${count(group.memberCount, 'member')} stay in ub; only their membership of this group ends.`,
      'Group admins of this group stop managing it.',
      'This cannot be undone (you can create a group with the same name again).',
    ],
    confirmLabel: 'Delete group',
    confirmActionId: GROUP_DELETE_ACTION_ID,
    confirmValue,
    danger: true,
  });
}

/** A group's counters in words: "2 members, 16 invited" ("2 members" while nobody is invited). */
export function groupCountsText(group: Pick<Group, 'memberCount' | 'inviteeCount'>): string {
  const members = count(group.memberCount, 'member');
  return group.inviteeCount > 0 ? `${members}, ${formatNumber(group.inviteeCount)} invited` : members;
}

/** The preview of removing several people from a group, with Confirm / Cancel: it counts only who will leave. */
export function memberRemovalPreviewBlocks(
  plan: MembershipPlan,
  confirmValue: string,
  /** A removal of many people runs as a job: its Confirm carries the run id. */
  asJob = false,
  unresolved: BulkProblem[] = [],
): { text: string; blocks: KnownBlock[] } {
  const changing = plan.members.length + plan.invitees.length;
  return confirmationBlocks({
    question: `Remove ${count(changing, 'person', 'people')} from *${escapeMrkdwn(plan.group.name)}*?`,
    consequences: [
      ...changeLines(
        plan,
        'They keep their account, license and other groups.',
        'Their invitations stand, without this group.',
      ),
      ...leftOutLines(plan, unresolved),
    ],
    confirmLabel: `Remove ${count(changing, 'person', 'people')}`,
    confirmActionId: asJob ? GROUP_MEMBERS_RUN_ACTION_ID : GROUP_REMOVE_ACTION_ID,
    confirmValue,
    danger: true,
  });
}

/** The preview of adding many people to a group; Confirm starts the job. It counts only who will join. */
export function memberAddPreviewBlocks(
  plan: MembershipPlan,
  confirmValue: string,
  unresolved: BulkProblem[] = [],
): { text: string; blocks: KnownBlock[] } {
  const changing = count(plan.members.length + plan.invitees.length, 'person', 'people');
  return confirmationBlocks({
    question: `Add ${changing} to *${escapeMrkdwn(plan.group.name)}*?`,
    consequences: [
      ...changeLines(plan, 'They join the group now.', 'They join it when they accept their invitation.'),
      ...leftOutLines(plan, unresolved),
    ],
    confirmLabel: `Add ${changing}`,
    confirmActionId: GROUP_MEMBERS_RUN_ACTION_ID,
    confirmValue,
  });
}

function changeLines(plan: MembershipPlan, membersNote: string, inviteesNote: string): string[] {
  const names = (emails: string[]) => escapeMrkdwn(nameList(emails, 10));
  return [
    ...(plan.members.length > 0
      ? [`${count(plan.members.length, 'member')}: ${names(plan.members)}. ${membersNote}`]
      : []),
    ...(plan.invitees.length > 0
      ? [`${count(plan.invitees.length, 'invitee')}: ${names(plan.invitees)}. ${inviteesNote}`]
      : []),
  ];
}

/** Who the request names but will not change, by reason: said before Confirm, so the result holds no surprise. */
function leftOutLines(plan: MembershipPlan, unresolved: BulkProblem[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const item of [...plan.leftOut, ...unresolved])
    byReason.set(item.reason, [...(byReason.get(item.reason) ?? []), bulkItemLabel(item)]);
  const lines = [...byReason].map(
    ([reason, emails]) => `Left out (${formatNumber(emails.length)}): ${nameList(emails, 5)} — ${escapeMrkdwn(reason)}`,
  );
  return lines.length > 6 ? [...lines.slice(0, 6), `…and ${count(lines.length - 6, 'other reason')}`] : lines;
}

export const GROUP_CREATE_CALLBACK_ID = 'group.create';

/** The form of `/ub group create`. */
export function groupCreateModal(): ModalView {
  const name: KnownBlock = {
    type: 'input',
    block_id: 'name',
    label: { type: 'plain_text', text: 'Group name' },
    hint: { type: 'plain_text', text: 'Unique in your organization; not case-sensitive.' },
    element: { type: 'plain_text_input', action_id: 'name', max_length: 100 },
  };
  return modal(GROUP_CREATE_CALLBACK_ID, 'Create a group', 'Create', [name]);
}
