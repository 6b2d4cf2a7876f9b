import type { Feature } from '../../slack/kit/feature.js';
import { adoptionStuckAction, adoptionSubcommand, adoptionVerifySubcommand } from './adoption.js';

/** Learning insights: the adoption funnel and who is stuck where. */
export const insights: Feature = {
  name: 'insights',
  subcommands: [adoptionSubcommand, adoptionVerifySubcommand],
  actions: [adoptionStuckAction],
  modals: [],
};
