import type { KnownBlock } from '@slack/types';
import { funnelDriftExplanation, type FunnelReconciliation } from '../../services/insights/reconcile-funnel.js';
import { count } from '../../plural.js';
import { escapeMrkdwn, linesWithin } from '../mrkdwn.js';

/** The result of `/ub adoption verify`, as the DM to the admin who asked. */
export function funnelReconciliationBlocks(result: FunnelReconciliation): { text: string; blocks: KnownBlock[] } {
  const text = result.postponed
    ? `:hourglass: The adoption funnel was not checked: ${result.postponed}.`
    : result.drifts.length === 0
      ? `:white_check_mark: The adoption funnel counts are right (${count(result.checked, 'funnel')} checked: the organization and each group).`
      : `:wrench: ${count(result.drifts.filter((d) => d.repaired).length, 'funnel')} of ${result.checked} had drifted and ${result.drifts.every((d) => d.repaired) ? 'were' : 'are being'} repaired (written to the audit log).`;
  const lines = result.drifts.map(
    (d) =>
      `• ${d.targetType === 'organization' ? 'The organization' : escapeMrkdwn(d.name ?? 'a group')}: ${escapeMrkdwn(funnelDriftExplanation(d))}${d.repaired ? '' : ' (it moved meanwhile; checked again tomorrow)'}`,
  );
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (lines.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: linesWithin(lines, 3000) } });
  return { text, blocks };
}
