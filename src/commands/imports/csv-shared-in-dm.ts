import type { ServiceContext } from '../../services/context.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { isDirectMessage, latestCsvSharedInDm } from '../../slack/shared-file.js';

/** How far back an import command typed in the app's DM looks for the CSV the person shared there. */
const SHARED_CSV_WINDOW_SECONDS = 30 * 60;

/**
 * The CSV the person shared in their DM with ub in the last 30 minutes, when they typed the import
 * command in that DM (decision 040); undefined elsewhere, or when there is none.
 */
export async function csvSharedJustBefore(request: CommandRequest, ctx: ServiceContext): Promise<string | undefined> {
  if (request.channelId === undefined || !isDirectMessage(request.channelId)) return undefined;
  return latestCsvSharedInDm(request.client, {
    channelId: request.channelId,
    userId: request.slackUserId,
    sinceSeconds: Math.floor(ctx.now().getTime() / 1000) - SHARED_CSV_WINDOW_SECONDS,
  });
}
