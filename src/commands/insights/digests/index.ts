import type { Feature } from '../../../slack/kit/feature.js';
import { digestListSubcommand, digestUnsubscribeAction, digestUnsubscribeSubcommand } from './digest-list.js';
import { digestNowSubcommand, digestPreviewSubcommand } from './digest-now.js';
import { digestSubscribeSubcommand } from './digest-subscribe.js';

/** Weekly digests for team leads: subscriptions, and the digest itself on demand. */
export const digests: Feature = {
  name: 'digests',
  subcommands: [
    digestSubscribeSubcommand,
    digestListSubcommand,
    digestUnsubscribeSubcommand,
    digestPreviewSubcommand,
    digestNowSubcommand,
  ],
  actions: [digestUnsubscribeAction],
  modals: [],
};
