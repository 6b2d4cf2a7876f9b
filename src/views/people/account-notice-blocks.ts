import type { KnownBlock } from '@slack/types';
import type { LicenseType, Role } from '../../services/domain.js';
import { nameList } from '../format.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';
import { licenseLabel, roleWithArticle } from './user-text.js';

export interface AccountNoticeInput {
  organizationName: string | undefined;
  /** The admin who did it, mentioned; undefined when ub did it itself. */
  actorSlackId: string | undefined;
}

const e = escapeMrkdwn;

function where(input: AccountNoticeInput): string {
  return input.organizationName ? `*${e(input.organizationName)}*` : 'your organization';
}

function by(input: AccountNoticeInput): string {
  return input.actorSlackId ? ` by <@${input.actorSlackId}>` : '';
}

function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

/** The DM a deactivated person gets (`/ub deactivate`, unless `--no-notify`): what it means for them. */
export function deactivatedNoticeBlocks(input: AccountNoticeInput): { text: string; blocks: KnownBlock[] } {
  const text = `Your learning account at ${where(input)} was deactivated${by(input)}.`;
  return {
    text,
    blocks: [
      section(
        `:lock: ${text}\nYou can no longer use Udemy Business; your learning history is kept, and an admin can reactivate you later.`,
      ),
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: 'If you think this is a mistake, ask the admin who did it.' }],
      },
    ],
  };
}

/** The DM a reactivated person gets (`/ub reactivate`, unless `--no-notify`): what they have again. */
export function reactivatedNoticeBlocks(
  input: AccountNoticeInput & {
    role: Role;
    licenseType: LicenseType;
    groupNames: string[];
    /** The organization's learning site (UB_LEARNING_URL). */
    learningUrl: string | undefined;
  },
): { text: string; blocks: KnownBlock[] } {
  const text = `Your learning account at ${where(input)} is active again${by(input)}.`;
  const lines = [
    `:tada: ${text}`,
    `You are ${roleWithArticle(input.role)} with a ${licenseLabel(input.licenseType).toLowerCase()} license, and you pick up where you left off.`,
  ];
  if (input.groupNames.length > 0) lines.push(`Your groups: ${e(nameList(input.groupNames))}.`);
  if (input.learningUrl) lines.push(`Your courses: <${input.learningUrl}|${e(input.learningUrl)}>`);
  return { text, blocks: [section(lines.join('\n'))] };
}
