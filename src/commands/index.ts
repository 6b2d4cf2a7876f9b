import type { Feature } from '../slack/kit/feature.js';
import { CommandRouter } from '../slack/kit/router.js';
import { approvals } from './approvals/index.js';
import { audit } from './audit/index.js';
import { csvExports } from './exports/index.js';
import { csvImports } from './imports/index.js';
import { bulkRuns } from './bulk-runs/index.js';
import { digests } from './insights/digests/index.js';
import { groups } from './groups/index.js';
import { help } from './help/index.js';
import { home } from './home/index.js';
import { invitations } from './invitations/index.js';
import { licenses } from './licenses/index.js';
import { insights } from './insights/index.js';
import { people } from './people/index.js';

/** Every feature, in the order `/ub help` lists their subcommands (help itself comes last). */
export const features: readonly Feature[] = [
  invitations,
  licenses,
  people,
  audit,
  groups,
  csvExports,
  csvImports,
  insights,
  digests,
  approvals,
  home,
  bulkRuns,
];

/** Every `/ub` subcommand, in the order `/ub help` lists them. */
export function buildRouter(): CommandRouter {
  const router = new CommandRouter();
  for (const feature of [...features, help(router)]) router.add(...feature.subcommands);
  return router;
}
