import type { Action, Modal } from './interaction.js';
import type { Subcommand } from './subcommand.js';

/** The user subcommands, buttons and modals, in the order `/ub help` lists them. */
export function userSubcommands(): Subcommand[] {
  return [];
}

export function userActions(): Action[] {
  return [];
}

export function userModals(): Modal[] {
  return [];
}
