import type { KnownBlock } from '@slack/types';
import type { RoleChange, RoleChangePreview } from '../../services/people/change-role.js';
import type { Deactivation } from '../../services/people/deactivate-user.js';
import type { Reactivation } from '../../services/people/reactivate-user.js';
import { confirmationBlocks } from '../confirmation-blocks.js';
import { escapeMrkdwn } from '../mrkdwn.js';
import { licenseLabel, ROLE_LABELS, roleWithArticle } from './user-text.js';
import { nameList } from '../format.js';
import { count, plural } from '../../plural.js';

export const DEACTIVATE_CONFIRM_ACTION_ID = 'deactivate.confirm';
export const ROLE_CONFIRM_ACTION_ID = 'role.confirm';

const e = escapeMrkdwn;

function who(person: { name: string; email: string }): string {
  return person.name !== person.email ? `*${e(person.name)}* (${e(person.email)})` : `*${e(person.email)}*`;
}

/** The preview of `/ub deactivate`: what will happen, with Confirm / Cancel. */
export function deactivationPreviewBlocks(
  preview: Deactivation,
  confirmValue: string,
  /** Whether they will be told in a DM (`--notify`, the default). */
  notify = true,
): { text: string; blocks: KnownBlock[] } {
  const consequences = [
    'They can no longer use Udemy Business or ub.',
    `Their license${preview.licenseType === 'pro' ? ' and their Pro license are' : ' is'} freed for someone else.`,
  ];
  if (preview.endedManagedGroupNames.length > 0) {
    consequences.push(
      `They stop managing ${e(nameList(preview.endedManagedGroupNames))} (given back if they are reactivated).`,
    );
  }
  if (preview.groupNames.length > 0)
    consequences.push(`They stay in their groups: ${e(nameList(preview.groupNames))}.`);
  consequences.push(
    'Their learning history is kept and still appears in insights and reports.',
    `You can undo it with \`/ub reactivate ${e(preview.email)}\` while a license is free.`,
    notify
      ? 'ub tells them in a DM (`--no-notify` does not).'
      : 'They are not told (`--no-notify`): tell them yourself if they should know.',
  );
  return confirmationBlocks({
    question: `Deactivate ${who(preview)}?`,
    consequences,
    confirmLabel: 'Deactivate',
    confirmActionId: DEACTIVATE_CONFIRM_ACTION_ID,
    confirmValue,
    danger: true,
  });
}

/** What a confirmed deactivation says, in place of the preview (seen only by the admin who confirmed). */
export function deactivatedText(done: Deactivation): string {
  const license = done.licenseType === 'pro' ? 'license and Pro license are' : 'license is';
  const managed =
    done.endedManagedGroupNames.length > 0 ? ` They no longer manage ${e(nameList(done.endedManagedGroupNames))}.` : '';
  return `:white_check_mark: Deactivated ${who(done)}. Their ${license} free again.${managed} \`/ub reactivate ${e(done.email)}\` undoes it.`;
}

export function reactivatedText(done: Reactivation): string {
  const lines = [
    `:white_check_mark: Reactivated ${who(done)}: active again as ${roleWithArticle(done.role)} with a ${licenseLabel(done.licenseType).toLowerCase()} license.`,
  ];
  if (done.groupNames.length > 0) lines.push(`Groups: ${e(nameList(done.groupNames))}.`);
  if (done.restoredManagedGroupNames.length > 0)
    lines.push(`They manage ${e(nameList(done.restoredManagedGroupNames))} again.`);
  if (done.droppedManagedGroupCount > 0) {
    lines.push(
      `${count(done.droppedManagedGroupCount, 'group-admin assignment')} ${plural(done.droppedManagedGroupCount, 'was', 'were')} not given back: the group was deleted meanwhile.`,
    );
  }
  if (done.proNotAvailable)
    lines.push(
      `They had Pro, but no Pro license was free: give it back with \`/ub license pro ${e(done.email)}\` once one is.`,
    );
  return lines.join('\n');
}

/** The confirmation asked before someone becomes an admin, or an admin loses their role. */
export function roleChangePreviewBlocks(
  preview: RoleChangePreview,
  confirmValue: string,
): { text: string; blocks: KnownBlock[] } {
  if (preview.to === 'admin') {
    return confirmationBlocks({
      question: `Make *${e(preview.email)}*${preview.pending ? ' (invitation pending)' : ''} an admin (now ${ROLE_LABELS[preview.from]})?`,
      consequences: [
        'Admins manage everyone: invitations, roles, licenses (Pro too), groups and deactivations, and read the audit log.',
        'Another admin can take it back with `/ub role` (it asks first too).',
      ],
      confirmLabel: 'Make them an admin',
      confirmActionId: ROLE_CONFIRM_ACTION_ID,
      confirmValue,
    });
  }
  const consequences = ['They can no longer manage people, licenses, groups or read the audit log.'];
  if (preview.to === 'group_admin') {
    consequences.push(
      preview.managedGroupNames.length > 0
        ? `As a group admin they manage ${e(nameList(preview.managedGroupNames))}.`
        : 'As a group admin they manage no group yet: assign one with `/ub group admin`.',
    );
  }
  return confirmationBlocks({
    question: `Change *${e(preview.email)}* from ${ROLE_LABELS[preview.from]} to ${ROLE_LABELS[preview.to]}?`,
    consequences,
    confirmLabel: `Make them ${roleWithArticle(preview.to)}`,
    confirmActionId: ROLE_CONFIRM_ACTION_ID,
    confirmValue,
    danger: true,
  });
}

export function roleChangedText(change: RoleChange): string {
  const subject = `${e(change.email)}${change.pending ? ' (invitation pending)' : ''}`;
  if (!change.changed) return `${subject} is already ${roleWithArticle(change.to)}; nothing changed.`;
  const lines = [
    `:white_check_mark: Changed the role of ${subject} from ${ROLE_LABELS[change.from]} to ${ROLE_LABELS[change.to]}.`,
  ];
  if (change.endedManagedGroupNames.length > 0)
    lines.push(`They no longer manage ${e(nameList(change.endedManagedGroupNames))}.`);
  if (change.managesNoGroup) {
    lines.push(
      change.pending
        ? 'They will manage no group yet: once they have joined, assign one with `/ub group admin`.'
        : 'They manage no group yet: assign one with `/ub group admin`.',
    );
  }
  return lines.join('\n');
}
