import type { App } from '@slack/bolt';
// The one import from src/slack into src/commands: the list of what feature authors wrote.
import { buildRouter, features } from '../../commands/index.js';
import type { AppDeps } from '../../deps.js';
import type { Action } from '../kit/action.js';
import { cancelConfirmation } from '../kit/confirmation.js';
import type { Modal } from '../kit/modal.js';
import type { Options } from '../kit/options.js';
import type { CommandRouter } from '../kit/router.js';
import { runCommandAction } from '../kit/run-command.js';
import { actionIdPattern, actionListener } from './action-listener.js';
import { appHomeListener, homePublisher } from './app-home.js';
import { dedupeEvents } from './dedupe-events.js';
import { modalListener } from './modal-listener.js';
import { optionsListener } from './options-listener.js';
import { slashCommandListener } from './slash-command.js';

/** Every button ub puts in a message or modal: the kit's own, then the features'. */
export function allActions(router: CommandRouter = buildRouter()): Action[] {
  return [cancelConfirmation, runCommandAction(router), ...features.flatMap((feature) => feature.actions)];
}

/** Every modal ub opens. */
export function allModals(): Modal[] {
  return features.flatMap((feature) => feature.modals);
}

/** Every options provider of ub's type-ahead pickers. */
export function allOptions(): Options[] {
  return features.flatMap((feature) => feature.options ?? []);
}

/** Registers every Slack listener on the Bolt app. */
export function registerSlackHandlers(app: App, deps: AppDeps): CommandRouter {
  const router = buildRouter();
  const homeTab = features.find((feature) => feature.homeTab)?.homeTab;
  const homeSections = features.flatMap((feature) => (feature.homeSections ? [feature.homeSections] : []));
  const home = homeTab ? homePublisher(homeTab, homeSections, deps) : undefined;
  app.use(dedupeEvents(deps));
  app.command('/ub', slashCommandListener(router, deps));
  for (const action of allActions(router))
    app.action(actionIdPattern(action.actionId), actionListener(action, deps, home));
  for (const modal of allModals())
    app.view({ callback_id: modal.callbackId, type: 'view_submission' }, modalListener(modal, deps, home));
  for (const provider of allOptions())
    app.options(
      { type: 'block_suggestion', action_id: actionIdPattern(provider.actionId) },
      optionsListener(provider, deps),
    );
  if (home) app.event('app_home_opened', appHomeListener(home));
  return router;
}
