import type { Feature } from '../../slack/kit/feature.js';
import { bulkOutcomesAction } from './bulk-outcomes.js';

/** What every piece of bulk work shares in Slack: its result, read in full. */
export const bulkRuns: Feature = {
  name: 'bulk-runs',
  subcommands: [],
  actions: [bulkOutcomesAction],
  modals: [],
};
