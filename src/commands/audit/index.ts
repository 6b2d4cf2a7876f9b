import type { Feature } from '../../slack/kit/feature.js';
import { auditPageAction, auditSubcommand } from './audit.js';

/** The audit log: who changed what. */
export const audit: Feature = {
  name: 'audit',
  subcommands: [auditSubcommand],
  actions: [auditPageAction],
  modals: [],
};
