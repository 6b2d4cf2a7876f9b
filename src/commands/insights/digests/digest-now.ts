import { z } from 'zod';
import { composeDigest } from '../../../jobs/digest-delivery.js';
import { postOnce, runnerName } from '../../../jobs/kit/post-once.js';
import { requestKeyOf } from '../../../jobs/kit/launch-bulk-run.js';
import { digestReader } from '../../../services/insights/digests/digest-content.js';
import { ownDigestSubscriptions, toSubscriptions } from '../../../services/insights/digests/digest-subscriptions.js';
import { UbError } from '../../../services/errors.js';
import { defineSubcommand } from '../../../slack/kit/subcommand.js';
import { digestPostedText } from '../../../views/insights/digests/digest-subscription-blocks.js';
import { groupNamesArg } from './digest-args.js';
import { resolveGroupNames } from '../../../services/groups/group-repository.js';

/** `/ub digest preview [group...]`: the digest as it would read now, to the person only. */
export const digestPreviewSubcommand = defineSubcommand({
  name: 'digest preview',
  usage: '[group...]',
  summary: 'Show the weekly digest as it reads right now, to you only.',
  details: ['Without groups: your first subscription’s groups, or every group you manage (admins: the organization).'],
  permission: 'digest.subscribe',
  reply: 'ephemeral',
  positionals: [{ name: 'groups', variadic: true }],
  schema: z.object({ groups: groupNamesArg }),
  handle: async (request, input, ctx) => {
    let groupIds: string[];
    if (input.groups.length > 0) {
      const { groups, unknown } = await resolveGroupNames(ctx.store, ctx.orgId, input.groups);
      if (unknown.length > 0)
        throw new UbError(
          'not_found',
          `There is no group named "${unknown[0]!.slice(0, 100)}". \`/ub group list\` shows them all.`,
        );
      groupIds = groups.map((g) => g.id);
    } else {
      groupIds = (await ownDigestSubscriptions(ctx))[0]?.groupIds ?? [];
    }
    await request.reply(await composeDigest(ctx, request.client, request.deps, groupIds));
  },
});

/** `/ub digest now`: every digest of the person's subscriptions, posted now where it goes. */
export const digestNowSubcommand = defineSubcommand({
  name: 'digest now',
  usage: '',
  summary: 'Post your digests now, where they go (your DM, the channels you subscribed), besides the weekly ones.',
  permission: 'digest.subscribe',
  reply: 'ephemeral',
  positionals: [],
  schema: z.object({}),
  handle: async (request, _input, ctx) => {
    const subs = await ownDigestSubscriptions(ctx);
    if (subs.length === 0)
      throw new UbError('not_found', 'You have no digest subscription yet: `/ub digest subscribe` starts one.');
    const env = {
      store: request.deps.store,
      client: request.client,
      orgId: ctx.orgId,
      runId: undefined,
      runner: runnerName(),
      leaseMs: request.deps.jobLockLifetimeMs,
      log: request.deps.log,
    };
    const outcomes: Array<string | undefined> = [];
    for (const sub of subs) {
      const reader = { ...ctx, actor: await digestReader(ctx, sub.createdBy) };
      const message = await composeDigest(reader, request.client, request.deps, sub.groupIds);
      // A retried request (Slack's, or a double Enter) finds the same posts, not new ones.
      const outcome = await postOnce(env, `digest-now:${sub._id}:${requestKeyOf(request)}`, sub.destination, message);
      outcomes.push(outcome.state === 'not_sent' ? outcome.reason : undefined);
    }
    const shown = await toSubscriptions(ctx, subs);
    await request.reply({ text: digestPostedText(shown.map((s, i) => ({ subscription: s, refused: outcomes[i] }))) });
  },
});
