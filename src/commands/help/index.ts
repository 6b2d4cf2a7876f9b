import type { Feature } from '../../slack/kit/feature.js';
import type { CommandRouter } from '../../slack/kit/router.js';
import { helpSubcommand } from './help.js';

/** `/ub help`, generated from the definitions in the router it is given. */
export function help(router: CommandRouter): Feature {
  return { name: 'help', subcommands: [helpSubcommand(router)], actions: [], modals: [] };
}
