import type { KnownBlock, ModalView } from '@slack/types';
import { LICENSE_COUNT_NOT_SET, licenseFields } from '../license-summary.js';
import { count, formatNumber, plural } from '../../plural.js';
import type { LicenseOverview } from '../../services/licenses/license-overview.js';
import { modal } from '../modal-view.js';
import type { ProChange } from '../../services/licenses/set-pro.js';
import { escapeMrkdwn, truncate } from '../mrkdwn.js';

export const LICENSE_SEATS_MODAL_CALLBACK_ID = 'license.seats.submit';
export const LICENSE_PRO_MODAL_CALLBACK_ID = 'license.pro.submit';

const fmt = formatNumber;

/** `/ub license`: licenses in use and left, standard and Pro, as the subscription overview shows them. */
export function licenseOverviewBlocks(
  overview: LicenseOverview,
  notice?: string,
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [];
  if (notice) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(notice, 3000) } });
  if (!overview.countSet) {
    blocks.push(
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:information_source: *${LICENSE_COUNT_NOT_SET}.* Set it to the number of licenses your Udemy Business subscription includes: \`/ub license seats &lt;n&gt; [--pro &lt;n&gt;]\`. Nobody can be invited until it is set.`,
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `${count(overview.used, 'person', 'people')} already ${plural(overview.used, 'holds', 'hold')} one (ub's admins count like everyone else), so the count must be at least ${fmt(overview.used)}.`,
          },
        ],
      },
    );
    return { text: `Licenses: ${LICENSE_COUNT_NOT_SET.toLowerCase()} (${fmt(overview.used)} in use)`, blocks };
  }
  const text = `Licenses: ${fmt(overview.used)} of ${fmt(overview.seats)} in use, ${fmt(Math.max(0, overview.free))} free; Pro: ${fmt(overview.proUsed)} of ${fmt(overview.proSeats)} in use`;
  blocks.push({ type: 'section', fields: licenseFields(overview) });
  if (overview.free < 0 || overview.proFree < 0) {
    const raise =
      overview.free < 0
        ? `\`/ub license seats ${fmt(overview.used)}\` or more`
        : `\`/ub license seats ${fmt(overview.seats)} --pro ${fmt(overview.proUsed)}\` or more`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `:warning: More people hold a${overview.free < 0 ? '' : ' Pro'} license than the account has. Raise the count with ${raise} before inviting anyone.`,
      },
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: `In use = active people + pending invitations (${fmt(overview.pendingInvitations)} pending). Change with \`/ub license seats &lt;n&gt; [--pro &lt;n&gt;]\`; give or take Pro with \`/ub license pro &lt;email&gt; [--remove]\`.`,
      },
    ],
  });
  return { text, blocks };
}

/**
 * What `/ub license pro` did, said to the admin who ran it. A pending invitation has no license
 * yet: it says which license the person will join with.
 */
export function proChangeText(change: ProChange): string {
  const who = escapeMrkdwn(change.email);
  if (change.pending) {
    const license = change.licenseType === 'pro' ? 'a Pro license' : 'a standard license';
    return change.changed
      ? `:white_check_mark: The invitation to ${who} now comes with ${license}${change.licenseType === 'pro' ? '' : ' instead of Pro'}: they join with it.`
      : `The invitation to ${who} already comes with ${license}; nothing changed.`;
  }
  if (!change.changed)
    return `${who} already has ${change.licenseType === 'pro' ? 'a Pro license' : 'a standard license, not Pro'}; nothing changed.`;
  return change.licenseType === 'pro'
    ? `:white_check_mark: You gave ${who} a Pro license.`
    : `:white_check_mark: You took the Pro license back from ${who}; they keep a standard license.`;
}

/** `/ub license seats` without arguments: the two counts, filled with the current ones. */
export function licenseSeatsModalView(input: {
  seats: number;
  proSeats: number;
  used: number;
  proUsed: number;
}): ModalView {
  return modal(LICENSE_SEATS_MODAL_CALLBACK_ID, 'Licenses', 'Save', [
    {
      type: 'input',
      block_id: 'seats',
      label: { type: 'plain_text', text: 'Licenses' },
      hint: {
        type: 'plain_text',
        text: `${fmt(input.used)} in use (active people and pending invitations): it cannot go lower.`,
      },
      element: {
        type: 'number_input',
        action_id: 'seats',
        is_decimal_allowed: false,
        min_value: '0',
        initial_value: String(input.seats),
      },
    },
    {
      type: 'input',
      block_id: 'pro',
      label: { type: 'plain_text', text: 'Pro licenses' },
      hint: { type: 'plain_text', text: `${fmt(input.proUsed)} in use. Pro licenses are part of the licenses above.` },
      element: {
        type: 'number_input',
        action_id: 'pro',
        is_decimal_allowed: false,
        min_value: '0',
        initial_value: String(input.proSeats),
      },
    },
  ]);
}

/** `/ub license pro` without arguments: whose license, and give or take Pro. */
export function licenseProModalView(input: { proFree: number }): ModalView {
  const give = { text: { type: 'plain_text' as const, text: 'Give Pro' }, value: 'give' };
  return modal(LICENSE_PRO_MODAL_CALLBACK_ID, 'Pro license', 'Save', [
    {
      type: 'input',
      block_id: 'email',
      label: { type: 'plain_text', text: 'Email address' },
      hint: { type: 'plain_text', text: 'An active person, or a pending invitation.' },
      element: { type: 'plain_text_input', action_id: 'email', max_length: 254 },
    },
    {
      type: 'input',
      block_id: 'change',
      label: { type: 'plain_text', text: 'Change' },
      hint: { type: 'plain_text', text: `${count(Math.max(0, input.proFree), 'Pro license')} free.` },
      element: {
        type: 'radio_buttons',
        action_id: 'change',
        initial_option: give,
        options: [give, { text: { type: 'plain_text', text: 'Back to a standard license' }, value: 'remove' }],
      },
    },
  ]);
}
