import type { Action, Modal } from './interaction.js';
import type { Subcommand } from './subcommand.js';

/**
 * What one feature folder of src/commands exports from its index.ts: its `/ub` subcommands (in
 * the order `/ub help` lists them), the buttons its messages carry and the modals it opens.
 * src/commands/index.ts lists the features; slack/listeners/register.ts registers them.
 */
export interface Feature {
  name: string;
  subcommands: Subcommand[];
  actions: Action[];
  modals: Modal[];
}
