import type { KnownBlock } from '@slack/types';
import { count, formatNumber } from '../../../plural.js';
import { confirmationBlocks } from '../../confirmation-blocks.js';
import { nameList } from '../../format.js';
import { escapeMrkdwn, truncate } from '../../mrkdwn.js';

export const NUDGE_ACTION_ID = 'insights.nudge';
/** The Confirm of "Nudge them" (its preview says how many get a DM, and for which step). */
export const NUDGE_CONFIRM_ACTION_ID = 'insights.nudge.confirm';

type Step = 'joined' | 'enrolled' | 'started';

const DM_TEXT: Record<Step, string> = {
  joined:
    ':wave: A reminder: your invitation to the learning platform is waiting. Accept it to get your license and start learning.',
  enrolled: ':books: You have joined the learning platform: now pick a first course that interests you.',
  started: ':arrow_forward: You are enrolled in a course: start its first lecture whenever you have a few minutes.',
};

/** The DM a stuck person gets, suited to their step; links the learning site when ub knows it. */
export function nudgeDmBlocks(input: { step: Step; learningUrl: string | undefined }): {
  text: string;
  blocks: KnownBlock[];
} {
  const link = input.learningUrl ? `\n<${input.learningUrl}|${input.learningUrl}>` : '';
  return {
    text: DM_TEXT[input.step],
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `${DM_TEXT[input.step]}${link}` } }],
  };
}

const STUCK_BEFORE: Record<Step, string> = {
  joined: 'have not accepted their invitation',
  enrolled: 'joined but have not picked a course',
  started: 'enrolled but have not watched a lecture',
};

/**
 * What "Nudge them" asks before anyone gets a DM: how many people, stuck before which step, in
 * which groups, and what the DM asks of them.
 */
export function nudgeConfirmationBlocks(input: {
  step: Step;
  people: number;
  /** The groups' names (empty: the organization). */
  groupNames: string[];
  /** What the DM asks them to do (the nudge run's step label). */
  stepLabel: string;
  confirmValue: string;
}): { text: string; blocks: KnownBlock[] } {
  const where =
    input.groupNames.length === 0
      ? 'in the organization'
      : `in ${nameList(input.groupNames.map((n) => `*${truncate(escapeMrkdwn(n), 120)}*`))}`;
  return confirmationBlocks({
    question: `Send a nudge DM to ${count(input.people, 'person', 'people')} who ${STUCK_BEFORE[input.step]} ${where}?`,
    consequences: [
      `Each gets one DM from ub asking them to ${input.stepLabel}.`,
      'Anyone already nudged for this step this week is skipped.',
    ],
    confirmLabel: `Nudge ${formatNumber(input.people)}`,
    confirmActionId: NUDGE_CONFIRM_ACTION_ID,
    confirmValue: input.confirmValue,
  });
}

/** The "Nudge them" button of a step's stuck people in some groups (none: the organization). */
export function nudgeButton(step: Step, groupIds: string[], index = 0) {
  const who = { joined: 'not accepted', enrolled: 'no course', started: 'not started' }[step];
  return {
    type: 'button' as const,
    action_id: `${NUDGE_ACTION_ID}:${index}`,
    text: { type: 'plain_text' as const, text: `Nudge them (${who})` },
    value: JSON.stringify({ s: step, g: groupIds }),
  };
}

/** `/ub nudges`: the automatic reminder and what it has scheduled. */
export function nudgeSettingsBlocks(input: {
  reminderEnabled: boolean;
  reminderDelayHours: number;
  scheduled: number;
  mayChange: boolean;
}): { text: string; blocks: KnownBlock[] } {
  const state = input.reminderEnabled
    ? `on: every invitee who has not accepted ${count(input.reminderDelayHours, 'hour')} after their invitation gets one reminder by DM. ${count(input.scheduled, 'reminder')} scheduled now.`
    : 'off: invitees get no automatic reminder.';
  const text = `Automatic invitation reminder: ${state}`;
  const how = input.mayChange
    ? '`/ub nudges --reminder off`, `/ub nudges --reminder on --delay 72` (hours). "Nudge them" in `/ub adoption` and the weekly digest nudges people stuck at any step, at most once a week each.'
    : 'Admins can turn it off or change its delay. "Nudge them" in the weekly digest nudges people stuck at any step of your groups, at most once a week each.';
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: how }] },
    ],
  };
}

/** The result footer of a nudge run: how many DMs went out. */
export function nudgeDeliveryLine(delivery: { sent: number; notSent: number; finished: boolean }): string {
  const line = `${formatNumber(delivery.sent)} ${delivery.sent === 1 ? 'nudge' : 'nudges'} sent`;
  const refused =
    delivery.notSent > 0 ? `, ${formatNumber(delivery.notSent)} not delivered (not in Slack, or Slack refused)` : '';
  return `${line}${refused}${delivery.finished ? '.' : ' so far…'}`;
}
