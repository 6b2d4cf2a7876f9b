import { z } from 'zod';
import { subscribeDigest } from '../../../services/insights/digests/digest-subscriptions.js';
import {
  DEFAULT_DIGEST_DAY,
  DEFAULT_DIGEST_TIME,
  WEEKDAYS,
  parseDigestTime,
  type Weekday,
} from '../../../services/insights/digests/digest-schedule.js';
import { UbError } from '../../../services/errors.js';
import { normalizeEmail } from '../../../services/email.js';
import { argToken, choiceArg } from '../../../slack/kit/arg-schemas.js';
import { defineSubcommand } from '../../../slack/kit/subcommand.js';
import { slackProfile } from '../../../slack/slack-identity.js';
import { digestSubscribedBlocks } from '../../../views/insights/digests/digest-subscription-blocks.js';
import { escapeMrkdwn } from '../../../views/mrkdwn.js';
import { channelArg, groupNamesArg } from './digest-args.js';

const dayAliases: Record<string, Weekday> = {
  monday: 'mon',
  tuesday: 'tue',
  tues: 'tue',
  wednesday: 'wed',
  thursday: 'thu',
  thur: 'thu',
  thurs: 'thu',
  friday: 'fri',
  saturday: 'sat',
  sunday: 'sun',
};

const timeArg = argToken.transform((t, ctx) => {
  try {
    if (t.kind !== 'text') throw new UbError('invalid_input', 'must be a time');
    return parseDigestTime(t.value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be a 24-hour time such as 09:00 or 17:30` });
    return z.NEVER;
  }
});

/** An @mention only: the digest goes to their DM, so ub needs their Slack user. */
const forArg = argToken.transform((t, ctx) => {
  if (t.kind !== 'user') {
    ctx.addIssue({ code: 'custom', message: `must be an @mention picked from Slack's autocomplete` });
    return z.NEVER;
  }
  return t.value;
});

/** `/ub digest subscribe [group...] [--channel #x] [--day mon] [--time 09:00] [--for @person]` */
export const digestSubscribeSubcommand = defineSubcommand({
  name: 'digest subscribe',
  usage: '[group...] [--channel #channel] [--day mon] [--time 09:00] [--for @person]',
  summary:
    'Get the weekly digest of your groups (the adoption funnel, who joined, who is stuck) by DM or in a channel.',
  details: [
    'Without groups: every group you manage (admins: the whole organization). Group names with spaces need quotes.',
    '`--day` and `--time` are in your Slack time zone (Monday 09:00 unless you say otherwise); daylight saving is followed.',
    '`--channel #team-leads` posts it in a channel instead of your DM (add ub to the channel).',
    'Admins may subscribe someone else with `--for @person`, to any group.',
    'Subscribing the same groups to the same place again changes the day and time.',
  ],
  permission: 'digest.subscribe',
  reply: 'ephemeral',
  positionals: [{ name: 'groups', variadic: true }],
  flags: {
    channel: { takesValue: true },
    day: { takesValue: true },
    time: { takesValue: true },
    for: { takesValue: true },
  },
  schema: z.object({
    groups: groupNamesArg,
    channel: channelArg.optional(),
    day: choiceArg(WEEKDAYS, dayAliases).optional(),
    time: timeArg.optional(),
    for: forArg.optional(),
  }),
  handle: async (request, input, ctx) => {
    const ownerId = input.for ?? request.slackUserId;
    const profile = await slackProfile({
      store: request.deps.store,
      client: request.client,
      orgId: request.orgId,
      slackUserId: ownerId,
      now: request.deps.now(),
      log: request.deps.log,
    });
    const email = profile.email ? normalizeEmail(profile.email) : undefined;
    if (!email || profile.isBot || profile.deleted)
      throw new UbError(
        'invalid_input',
        ownerId === request.slackUserId
          ? 'Your Slack profile has no email, so ub cannot tell which member you are.'
          : `<@${escapeMrkdwn(ownerId)}> cannot get a digest: Slack shows no email for them (or they are a bot or gone).`,
      );
    const subscription = await subscribeDigest(ctx, {
      groupNames: input.groups,
      destination: input.channel ? { kind: 'channel', channelId: input.channel } : { kind: 'dm' },
      owner: { slackUserId: ownerId, email, timeZone: profile.tz },
      day: input.day ?? DEFAULT_DIGEST_DAY,
      time: input.time ?? DEFAULT_DIGEST_TIME,
    });
    await request.reply(digestSubscribedBlocks(subscription));
  },
});
