import type { Action, Modal } from './interaction.js';
import type { Subcommand } from './subcommand.js';

/** The invitation subcommands, buttons and modals, in the order `/ub help` lists them. */
export function invitationSubcommands(): Subcommand[] {
  return [];
}

export function invitationActions(): Action[] {
  return [];
}

export function invitationModals(): Modal[] {
  return [];
}
