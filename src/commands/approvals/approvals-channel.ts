import { z } from 'zod';
import { setApprovalsChannel } from '../../services/approvals/approvals-channel.js';
import { argToken } from '../../slack/kit/arg-schemas.js';
import { defineSubcommand } from '../../slack/kit/subcommand.js';
import { escapeMrkdwn } from '../../views/mrkdwn.js';

const channelArg = argToken.transform((t, ctx) => {
  if (t.kind !== 'channel') {
    ctx.addIssue({ code: 'custom', message: 'must be a channel picked with Slack’s # autocomplete' });
    return z.NEVER;
  }
  return t.value;
});

/** `/ub approvals channel #learning-admins` */
export const approvalsChannelSubcommand = defineSubcommand({
  name: 'approvals channel',
  usage: '<#channel>',
  summary: 'Post requests that no group admin can approve to a channel instead of DMing every admin.',
  details: ['Invite ub to the channel first. Anyone there who may approve a request can decide it from its card.'],
  permission: 'group.assign_admin',
  reply: 'ephemeral',
  positionals: [{ name: 'channel' }],
  schema: z.object({ channel: channelArg }),
  handle: async (request, input, ctx) => {
    await setApprovalsChannel(ctx, input.channel);
    await request.reply({
      text: `Requests that no group admin can approve now go to <#${escapeMrkdwn(input.channel)}>.`,
    });
  },
});
