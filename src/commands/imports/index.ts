import type { Feature } from '../../slack/kit/feature.js';
import { importConfirm, importModal, importSubcommand } from './import.js';

/** CSV imports of people: a form with the file, a dry run, a Confirm, the per-row result by DM. */
export const csvImports: Feature = {
  name: 'imports',
  subcommands: [importSubcommand],
  actions: [importConfirm],
  modals: [importModal],
};
