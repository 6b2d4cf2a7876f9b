import type { Feature } from '../../../slack/kit/feature.js';
import { digestListSubcommand, digestUnsubscribeAction, digestUnsubscribeSubcommand } from './digest-list.js';
import { digestSubscribeSubcommand } from './digest-subscribe.js';

/** Weekly digests for team leads: subscriptions, and the digest itself on demand. */
export const digests: Feature = {
  name: 'digests',
  subcommands: [digestSubscribeSubcommand, digestListSubcommand, digestUnsubscribeSubcommand],
  actions: [digestUnsubscribeAction],
  modals: [],
};
