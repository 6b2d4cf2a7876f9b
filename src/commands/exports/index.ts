import type { Feature } from '../../slack/kit/feature.js';
import { exportDownloadButton, exportModal, exportSubcommand } from './export.js';

/** CSV exports: reports delivered by DM. */
export const csvExports: Feature = {
  name: 'exports',
  subcommands: [exportSubcommand],
  actions: [exportDownloadButton],
  modals: [exportModal],
};
