import type { KnownBlock } from '@slack/types';
import { count } from '../../../plural.js';
import type { DigestSubscription } from '../../../services/insights/digests/digest-subscriptions.js';
import { nameList, slackDate } from '../../format.js';
import { escapeMrkdwn, truncate } from '../../mrkdwn.js';

export const DIGEST_UNSUBSCRIBE_ACTION_ID = 'digest.unsubscribe';

/** `<@U…>` for a DM, `<#C…>` for a channel: Slack draws both as names. */
function digestDestinationText(subscription: Pick<DigestSubscription, 'destination' | 'destinationKind'>): string {
  return subscription.destinationKind === 'channel'
    ? `<#${subscription.destination}>`
    : `<@${subscription.destination}>`;
}

/** "Data Eng and Sales" or "the organization", escaped. */
function digestScopeText(groupNames: string[]): string {
  return groupNames.length === 0
    ? 'the whole organization'
    : nameList(groupNames.map((n) => `*${truncate(escapeMrkdwn(n), 120)}*`));
}

/** The answer to `/ub digest subscribe`. */
export function digestSubscribedBlocks(subscription: DigestSubscription): { text: string; blocks: KnownBlock[] } {
  const where = digestDestinationText(subscription);
  const channelHint =
    subscription.destinationKind === 'channel'
      ? ` If ub is not in ${where} yet, add it there (\`/invite @ub\`), or the digest cannot be posted.`
      : '';
  const text = `:spiral_note_pad: ${where} will get the weekly digest of ${digestScopeText(subscription.groupNames)}: ${escapeMrkdwn(subscription.schedule)}, first on ${slackDate(subscription.nextRunAt, 'datetime')}.${channelHint}`;
  return {
    text: `Subscribed to the weekly digest: ${subscription.schedule}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '`/ub digest preview` shows it now, to you only. `/ub digest list` shows all of yours.',
          },
        ],
      },
    ],
  };
}

/** `/ub digest list`: one row per subscription with an Unsubscribe button. */
export function digestListBlocks(input: { subscriptions: DigestSubscription[]; more: number }): {
  text: string;
  blocks: KnownBlock[];
} {
  if (input.subscriptions.length === 0)
    return {
      text: 'No digest subscriptions',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'No weekly digest yet. `/ub digest subscribe` sends you one every Monday at 09:00 your time; `/ub help digest subscribe` says how to choose the groups, a channel, the day and the hour.',
          },
        },
      ],
    };
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `*Weekly digests* (${count(input.subscriptions.length + input.more, 'subscription')})`,
      },
    },
  ];
  input.subscriptions.forEach((s, index) => {
    const state =
      s.status === 'paused'
        ? `:double_vertical_bar: paused: ${escapeMrkdwn(truncate(s.pausedReason ?? 'it kept failing', 300))}. Subscribe again to resume.`
        : `next ${slackDate(s.nextRunAt, 'datetime')}`;
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `${digestDestinationText(s)}: ${digestScopeText(s.groupNames)}\n${escapeMrkdwn(s.schedule)}, ${state}`,
          3000,
        ),
      },
      accessory: {
        type: 'button',
        action_id: `${DIGEST_UNSUBSCRIBE_ACTION_ID}:${index}`,
        text: { type: 'plain_text', text: 'Unsubscribe' },
        value: JSON.stringify({ id: s.id }),
      },
    });
  });
  if (input.more > 0)
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${count(input.more, 'more subscription')}.` }],
    });
  return { text: `Weekly digests: ${count(input.subscriptions.length + input.more, 'subscription')}`, blocks };
}

/** What `/ub digest unsubscribe` (or the button) ended. */
export function digestUnsubscribedText(removed: DigestSubscription[]): string {
  const rows = removed.map((s) => `${digestDestinationText(s)}: ${digestScopeText(s.groupNames)}`);
  return `:wave: No more weekly digest ${removed.length === 1 ? 'of' : 'for'} ${rows.join('; ')}.`;
}

/** What `/ub digest now` did with each subscription. */
export function digestPostedText(
  posts: Array<{ subscription: DigestSubscription; refused: string | undefined }>,
): string {
  return posts
    .map(({ subscription, refused }) =>
      refused
        ? `:warning: ${digestDestinationText(subscription)}: not posted, ${escapeMrkdwn(truncate(refused, 200))}`
        : `:white_check_mark: Posted to ${digestDestinationText(subscription)}: ${digestScopeText(subscription.groupNames)}`,
    )
    .join('\n')
    .slice(0, 3000);
}
