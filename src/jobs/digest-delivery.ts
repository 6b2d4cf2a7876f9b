import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';
import type { ServiceContext } from '../services/context.js';
import { digestChartPng } from '../services/insights/digests/digest-chart.js';
import { buildDigestContent, type DigestContent } from '../services/insights/digests/digest-content.js';
import { DIGEST_STEP_LABELS, digestMessageBlocks } from '../views/insights/digests/digest-blocks.js';

/**
 * Uploads the digest's chart privately (no channel: the image block shows it by id) with the
 * external upload flow Slack requires now: files.getUploadURLExternal, the bytes to the URL it
 * gives, files.completeUploadExternal. Returns the file id.
 */
export async function uploadDigestChart(client: WebClient, png: Buffer, title: string): Promise<string> {
  const filename = 'ub-digest.png';
  const url = await client.files.getUploadURLExternal({ filename, length: png.length });
  if (!url.upload_url || !url.file_id) throw new Error('Slack gave no upload URL for the digest chart');
  const sent = await fetch(url.upload_url, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body: new Uint8Array(png),
  });
  if (!sent.ok) throw new Error(`the digest chart upload answered ${sent.status}`);
  await client.files.completeUploadExternal({ files: [{ id: url.file_id, title }] });
  return url.file_id;
}

/** The PNG of a digest: its funnel and its adoption trend. */
export function digestChartOf(content: DigestContent): Promise<Buffer> {
  const f = content.funnel;
  return digestChartPng({
    title:
      content.groupNames.length === 0
        ? 'Adoption funnel'
        : `Adoption funnel: ${content.groupNames.join(', ').slice(0, 60)}`,
    steps: [f.licenses, f.invited, f.joined, f.enrolled, f.started].map((n, i) => ({
      label: DIGEST_STEP_LABELS[i]!,
      count: n,
    })),
    trend: content.trend,
  });
}

/**
 * A digest ready to post: built with the reader's rights, its chart rendered and uploaded. A
 * chart that cannot be uploaded is left out (the figures are in the text), not the digest.
 */
export async function composeDigest(
  ctx: ServiceContext,
  client: WebClient,
  deps: Pick<AppDeps, 'log'>,
  groupIds: string[],
): Promise<{ text: string; blocks: KnownBlock[] }> {
  const content = await buildDigestContent(ctx, groupIds);
  let chart: { fileId: string } | undefined;
  try {
    chart = {
      fileId: await uploadDigestChart(client, await digestChartOf(content), 'Adoption funnel and 8-week trend'),
    };
  } catch (error) {
    deps.log.warn('digests: chart not uploaded, the digest goes without it', {
      orgId: ctx.orgId,
      error: (error as Error).message,
    });
  }
  return digestMessageBlocks(content, chart);
}
