import type { Feature } from '../../slack/kit/feature.js';
import { licenseProModal, licenseProSubcommand } from './license-pro.js';
import { licenseSeatsModal, licenseSeatsSubcommand } from './license-seats.js';
import { licenseSubcommand } from './license.js';
import { licenseVerifySubcommand } from './license-verify.js';

/** Licenses in use and left, the counts, and Pro licenses. */
export const licenses: Feature = {
  name: 'licenses',
  subcommands: [licenseSubcommand, licenseSeatsSubcommand, licenseProSubcommand, licenseVerifySubcommand],
  actions: [],
  modals: [licenseSeatsModal, licenseProModal],
};
