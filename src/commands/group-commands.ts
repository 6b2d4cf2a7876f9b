import type { Action, Modal } from './interaction.js';
import type { Subcommand } from './subcommand.js';

/** The group subcommands, buttons and modals, in the order `/ub help` lists them. */
export function groupSubcommands(): Subcommand[] {
  return [];
}

export function groupActions(): Action[] {
  return [];
}

export function groupModals(): Modal[] {
  return [];
}
