import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';
import { claimWelcome, findOrganization } from '../services/organization-repository.js';
import type { Store } from '../services/store.js';
import { welcomeBlocks } from '../views/home/welcome-blocks.js';

/**
 * DMs a first admin the welcome, once per person: the claim is taken before the DM goes out, so
 * Slack's retries, a second replica or a later first command never send it again. A DM that
 * fails is logged, not retried: the same steps are on App Home and in `/ub help`.
 */
export async function welcomeFirstAdmin(input: {
  store: Store;
  client: WebClient;
  orgId: string;
  slackUserId: string;
  installed: boolean;
  log: Logger;
}): Promise<void> {
  try {
    if (!(await claimWelcome(input.store, input.orgId, input.slackUserId))) return;
    const organizationName = (await findOrganization(input.store, input.orgId))?.name;
    await input.client.chat.postMessage({
      channel: input.slackUserId,
      ...welcomeBlocks({ organizationName, installed: input.installed }),
    });
  } catch (error) {
    input.log.warn('welcome: the first-run DM was not sent', {
      orgId: input.orgId,
      slackUserId: input.slackUserId,
      error: (error as Error).message,
    });
  }
}
