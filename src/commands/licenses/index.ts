import type { Feature } from '../../slack/kit/feature.js';
import { licenseProModal, licenseProSubcommand } from './license-pro.js';
import { licenseSeatsModal, licenseSeatsSubcommand } from './license-seats.js';
import { licenseSubcommand } from './license.js';

/** Licenses in use and left, the counts, and Pro licenses. */
export const licenses: Feature = {
  name: 'licenses',
  subcommands: [licenseSubcommand, licenseSeatsSubcommand, licenseProSubcommand],
  actions: [],
  modals: [licenseSeatsModal, licenseProModal],
};
