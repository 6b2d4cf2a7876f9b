import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { dedupeEvents } from '../slack/dedupe-events.js';
import { appHomeListener } from './app-home.js';
import { helpSubcommand } from './help.js';
import { CommandRouter } from './router.js';
import { slashCommandListener } from './slash-command.js';

/** Every `/ub` subcommand, in the order `/ub help` lists them. */
export function buildRouter(): CommandRouter {
  const router = new CommandRouter();
  router.add(helpSubcommand(router));
  return router;
}

/** Registers every Slack listener on the Bolt app. */
export function registerSlackHandlers(app: App, deps: AppDeps): CommandRouter {
  const router = buildRouter();
  app.use(dedupeEvents(deps));
  app.command('/ub', slashCommandListener(router, deps));
  app.event('app_home_opened', appHomeListener(deps));
  return router;
}
