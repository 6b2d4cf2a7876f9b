import { digestChartOf } from '../src/jobs/digest-delivery.js';
import { buildDigestContent } from '../src/services/insights/digests/digest-content.js';
import { countDigestHighlights } from '../src/services/insights/digests/digest-highlights.js';
import { digestMessageBlocks } from '../src/views/insights/digests/digest-blocks.js';
import type { ServiceContext } from '../src/services/context.js';
import type { TestApp } from '../test/support/app-harness.js';

/**
 * The time to build 2,000 weekly digests, one per group (the funnel, last week's figures, the
 * first stuck people of each step, the PNG chart and the message), posting and uploading excluded:
 * what the digest job spends of its own per Monday morning. The highlights' count, which a job does
 * every 30 minutes, is measured on its own first.
 */
export async function digestBuildFigure(
  app: TestApp,
  ctx: ServiceContext,
  figure: (what: string, value: string) => void,
  count = 2_000,
): Promise<void> {
  const groups = await app.store.groups.find({ orgId: app.orgId }).select({ _id: 1 }).limit(count).lean().exec();
  // The highlights are counted by their own job every 30 minutes (decision 047), before the digests read them.
  const counting = Date.now();
  await countDigestHighlights(app.store, app.orgId, ctx.now());
  figure(
    'count the digest highlights once (job digests.count-highlights, every 30 min; not part of the digests)',
    `${((Date.now() - counting) / 1000).toFixed(1)} s`,
  );
  const one = await buildDigests(ctx, groups, count, (i) => i);
  figure(
    `build ${count.toLocaleString('en-US')} weekly digests (one group each, chart included, posting excluded)`,
    one,
  );
  // Two subscriptions per group (a lead's DM and the team's channel): the second shares the picture.
  const two = await buildDigests(ctx, groups, count, (i) => Math.floor(i / 2));
  figure(
    `build ${count.toLocaleString('en-US')} weekly digests of ${(count / 2).toLocaleString('en-US')} groups (two subscriptions each)`,
    two,
  );
}

async function buildDigests(
  ctx: ServiceContext,
  groups: Array<{ _id: string }>,
  count: number,
  groupOf: (i: number) => number,
): Promise<string> {
  let chartMs = 0;
  const started = Date.now();
  for (let i = 0; i < count; i += 1) {
    const content = await buildDigestContent(ctx, [groups[groupOf(i) % groups.length]!._id]);
    const chartStarted = Date.now();
    const png = await digestChartOf(content);
    chartMs += Date.now() - chartStarted;
    digestMessageBlocks(content, { fileId: `F${png.length}` });
  }
  const total = Date.now() - started;
  return `${(total / 1000).toFixed(1)} s (charts ${(chartMs / 1000).toFixed(1)} s)`;
}
