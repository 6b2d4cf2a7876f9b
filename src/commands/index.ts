import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { dedupeEvents } from '../slack/dedupe-events.js';
import { actionIdPattern, actionListener } from './action-listener.js';
import { appHomeListener } from './app-home.js';
import { cancelConfirmation } from './cancel-confirmation.js';
import type { Action, Modal } from './interaction.js';
import { modalListener } from './modal-listener.js';
import { groupActions, groupModals, groupSubcommands } from './group-commands.js';
import { helpSubcommand } from './help.js';
import { invitationActions, invitationModals, invitationSubcommands } from './invitation-commands.js';
import { userActions, userModals, userSubcommands } from './user-commands.js';
import { CommandRouter } from './router.js';
import { slashCommandListener } from './slash-command.js';

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

/** Registers every Slack listener on the Bolt app. */
export function registerSlackHandlers(app: App, deps: AppDeps): CommandRouter {
  const router = buildRouter();
  app.use(dedupeEvents(deps));
  app.command('/ub', slashCommandListener(router, deps));
  for (const action of allActions()) app.action(actionIdPattern(action.actionId), actionListener(action, deps));
  for (const modal of allModals()) app.view({ callback_id: modal.callbackId, type: 'view_submission' }, modalListener(modal, deps));
  app.event('app_home_opened', appHomeListener(deps));
  return router;
}
