import type { App } from '@slack/bolt';
// The one import from src/slack into src/commands: the list of what feature authors wrote.
import { allActions, allModals, buildRouter } from '../../commands/index.js';
import type { AppDeps } from '../../deps.js';
import type { CommandRouter } from '../kit/router.js';
import { actionIdPattern, actionListener } from './action-listener.js';
import { appHomeListener } from './app-home.js';
import { dedupeEvents } from './dedupe-events.js';
import { modalListener } from './modal-listener.js';
import { slashCommandListener } from './slash-command.js';

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
