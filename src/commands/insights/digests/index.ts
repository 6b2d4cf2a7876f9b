import type { Feature } from '../../../slack/kit/feature.js';
import { digestListSubcommand, digestUnsubscribeAction, digestUnsubscribeSubcommand } from './digest-list.js';
import { digestNowSubcommand, digestPreviewSubcommand } from './digest-now.js';
import { digestSubscribeSubcommand } from './digest-subscribe.js';
import { nudgeConfirm, nudgeThemAction } from '../nudges/nudge-them.js';
import { nudgesSubcommand } from '../nudges/nudges.js';

/** Weekly digests for team leads (subscriptions, the digest on demand) and nudges of stuck people. */
export const digests: Feature = {
  name: 'digests',
  subcommands: [
    digestSubscribeSubcommand,
    digestListSubcommand,
    digestUnsubscribeSubcommand,
    digestPreviewSubcommand,
    digestNowSubcommand,
    nudgesSubcommand,
  ],
  actions: [digestUnsubscribeAction, nudgeThemAction, nudgeConfirm],
  modals: [],
};
