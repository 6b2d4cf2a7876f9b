import type { Feature } from '../../slack/kit/feature.js';
import { homeTab } from './home-tab.js';

/** The App Home tab. */
export const home: Feature = {
  name: 'home',
  subcommands: [],
  actions: [],
  modals: [],
  homeTab,
};
