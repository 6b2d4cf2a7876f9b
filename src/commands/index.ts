import type { Action, Modal } from '../slack/kit/interaction.js';
import { cancelConfirmation } from '../slack/kit/cancel-confirmation.js';
import { CommandRouter } from '../slack/kit/router.js';
import { groupActions, groupModals, groupSubcommands } from './groups/index.js';
import { helpSubcommand } from './help/help.js';
import { invitationActions, invitationModals, invitationSubcommands } from './invitations/index.js';
import { userActions, userModals, userSubcommands } from './people/index.js';

/** Every `/ub` subcommand, in the order `/ub help` lists them. */
export function buildRouter(): CommandRouter {
  const router = new CommandRouter();
  router.add(...invitationSubcommands(), ...userSubcommands(), ...groupSubcommands(), helpSubcommand(router));
  return router;
}

/** Every button ub puts in a message or modal. */
export function allActions(): Action[] {
  return [cancelConfirmation, ...invitationActions(), ...userActions(), ...groupActions()];
}

/** Every modal ub opens. */
export function allModals(): Modal[] {
  return [...invitationModals(), ...userModals(), ...groupModals()];
}
