import type { HomeView, KnownBlock } from '@slack/types';
import type { ServiceContext } from '../../services/context.js';
import type { Action } from './action.js';
import type { Modal } from './modal.js';
import type { Options } from './options.js';
import type { CommandRequest } from './request.js';
import type { Subcommand } from './subcommand.js';

/**
 * What one feature folder of src/commands exports from its index.ts: its `/ub` subcommands (in
 * the order `/ub help` lists them), the buttons its messages carry, the modals it opens, and
 * (for one feature) the App Home tab.
 * src/commands/index.ts lists the features; slack/listeners/register.ts registers them.
 */
export interface Feature {
  name: string;
  subcommands: Subcommand[];
  actions: Action[];
  modals: Modal[];
  /** Options providers of external selects (type-ahead pickers). */
  options?: Options[];
  /** The App Home tab, for the one feature that draws it: published whenever someone opens it. */
  homeTab?: (request: CommandRequest, ctx: ServiceContext) => Promise<HomeView>;
  /**
   * Blocks another feature adds to the App Home tab, below the dashboard (what waits for the
   * person there, e.g. requests to decide); none when it has nothing for them.
   */
  homeSections?: (request: CommandRequest, ctx: ServiceContext) => Promise<KnownBlock[]>;
}
