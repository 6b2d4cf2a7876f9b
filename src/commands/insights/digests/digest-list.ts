import { z } from 'zod';
import {
  listDigestSubscriptions,
  unsubscribeDigests,
} from '../../../services/insights/digests/digest-subscriptions.js';
import { defineAction } from '../../../slack/kit/action.js';
import { defineSubcommand } from '../../../slack/kit/subcommand.js';
import {
  DIGEST_UNSUBSCRIBE_ACTION_ID,
  digestListBlocks,
  digestUnsubscribedText,
} from '../../../views/insights/digests/digest-subscription-blocks.js';
import { channelArg } from './digest-args.js';

/** `/ub digest list` */
export const digestListSubcommand = defineSubcommand({
  name: 'digest list',
  usage: '',
  summary: 'Show your weekly digest subscriptions (admins: everyone’s), with when each goes out next.',
  permission: 'digest.subscribe',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request, _input, ctx) => {
    await request.reply(digestListBlocks(await listDigestSubscriptions(ctx)));
  },
});

/** `/ub digest unsubscribe [--channel #x]` */
export const digestUnsubscribeSubcommand = defineSubcommand({
  name: 'digest unsubscribe',
  usage: '[--channel #channel]',
  summary: 'Stop the weekly digest to your DM, or to a channel.',
  details: ['`/ub digest list` has an Unsubscribe button on each subscription, for one at a time.'],
  permission: 'digest.subscribe',
  reply: 'ephemeral',
  positionals: [],
  flags: { channel: { takesValue: true } },
  schema: z.object({ channel: channelArg.optional() }),
  handle: async (request, input, ctx) => {
    const removed = await unsubscribeDigests(ctx, { destination: input.channel ?? request.slackUserId });
    await request.reply({ text: digestUnsubscribedText(removed) });
  },
});

/** The Unsubscribe button of a row in `/ub digest list`: the list is drawn again without it. */
export const digestUnsubscribeAction = defineAction({
  actionId: DIGEST_UNSUBSCRIBE_ACTION_ID,
  value: z.object({ id: z.string().min(1).max(300) }),
  handle: async (request, value, ctx) => {
    const removed = await unsubscribeDigests(ctx, { subscriptionId: value.id });
    const list = digestListBlocks(await listDigestSubscriptions(ctx));
    await request.reply({
      text: digestUnsubscribedText(removed),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: digestUnsubscribedText(removed) } }, ...list.blocks],
      replaceOriginal: true,
    });
  },
});
