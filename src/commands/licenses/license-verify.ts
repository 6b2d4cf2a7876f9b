import { verifyLicenseCountsNow } from '../../jobs/verify-license-counts.js';
import { defineRecountSubcommand } from '../recount-subcommand.js';

/** `/ub license verify`: recount the licenses in use now and repair the counters if they drifted. */
export const licenseVerifySubcommand = defineRecountSubcommand({
  name: 'license verify',
  summary: 'Recount the licenses in use from the people who hold them, and repair the counts if they drifted.',
  details: [
    'ub does this every day by itself; `/ub license` shows when it last did.',
    'A repair is written to the audit log with how far the counts were off and why.',
  ],
  start: verifyLicenseCountsNow,
  started:
    ':mag: Recounting the licenses in use from the people who hold them. The result comes as a DM from ub in a moment.',
});
