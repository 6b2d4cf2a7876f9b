import type { Feature } from '../../slack/kit/feature.js';
import { adoptionStuckAction, adoptionSubcommand, adoptionVerifySubcommand } from './adoption.js';
import { activitySubcommand, courseLearnersPageAction, coursesShowSubcommand, coursesSubcommand } from './activity.js';

/** Learning insights: the adoption funnel, who is stuck where, activity and courses. */
export const insights: Feature = {
  name: 'insights',
  subcommands: [
    adoptionSubcommand,
    adoptionVerifySubcommand,
    activitySubcommand,
    coursesSubcommand,
    coursesShowSubcommand,
  ],
  actions: [adoptionStuckAction, courseLearnersPageAction],
  modals: [],
};
