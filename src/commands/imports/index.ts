import type { Feature } from '../../slack/kit/feature.js';
import { importConfirm, importModal, importSubcommand } from './import.js';
import { importActivityConfirm, importActivityModal, importActivitySubcommand } from './import-activity.js';

/** CSV imports of people and of learning activity: a form with the file, a dry run, a Confirm, the per-row files by DM. */
export const csvImports: Feature = {
  name: 'imports',
  subcommands: [importSubcommand, importActivitySubcommand],
  actions: [importConfirm, importActivityConfirm],
  modals: [importModal, importActivityModal],
};
