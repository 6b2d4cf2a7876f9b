import type { KnownBlock } from '@slack/types';
import { invitationLanguageName, type BulkProblem, type InvitationLanguage, type Role } from '../../services/domain.js';
import { textsFor } from '../../views/invitations/invitation-texts.js';
import { count } from '../../plural.js';
import { inviteUsers } from '../../services/invitations/invite-users.js';
import { invitationProgressBlocks } from '../../views/invitations/invitation-progress-blocks.js';
import { bulkResultBlocks } from '../../views/bulk-result-blocks.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import type { ServiceContext } from '../../services/context.js';
import { sendInvitationDms } from './invite-dms.js';

/** Above this many addresses an invite reports progress while it runs. */
export const BULK_INVITE_THRESHOLD = 50;
/** Progress updates of one invite, besides the first and the result (a response_url takes 5 posts). */
const PROGRESS_UPDATES = 2;
const PROGRESS_MIN_INTERVAL_MS = 1000;

export const INVITE_DM_FOOTER = 'People who are in this Slack workspace get a DM with an *Accept* button.';

/** The footer of an invite result: who gets a DM, and in which language it is written. */
function inviteDmFooter(language: InvitationLanguage | undefined): string {
  if (!language || language === 'en') return INVITE_DM_FOOTER;
  const { fallbackNote } = textsFor(language);
  const name = invitationLanguageName(language);
  return fallbackNote
    ? `${INVITE_DM_FOOTER} ub has no ${name} text yet, so the DM is in English.`
    : `${INVITE_DM_FOOTER} The DM is in ${name}.`;
}

export interface InviteRequest {
  /** Addresses as typed (malformed ones are reported per address). */
  emails: string[];
  /** @mentions that did not give an email, reported as failed. */
  unresolved: BulkProblem[];
  /** Slack users already known from @mentions, by email, so their DM needs no lookup. */
  slackIds: ReadonlyMap<string, string>;
  groupNames?: string[];
  groupIds?: string[];
  role?: Role;
  pro: boolean;
  message?: string;
  language?: InvitationLanguage;
}

/**
 * Runs an invite from the command or the form: the invitations, the result to the requester
 * and then the DMs to invitees. It always runs after Slack's ack; a long one (over 50
 * addresses) shows a progress message that is updated in place and becomes the result.
 */
export async function runInvite(request: CommandRequest, ctx: ServiceContext, input: InviteRequest): Promise<void> {
  const progress = input.emails.length > BULK_INVITE_THRESHOLD ? progressMessage(request) : undefined;
  let result: Awaited<ReturnType<typeof inviteUsers>>;
  try {
    result = await inviteUsers(ctx, {
      emails: input.emails,
      ...(input.groupNames ? { groupNames: input.groupNames } : {}),
      ...(input.groupIds ? { groupIds: input.groupIds } : {}),
      ...(input.role ? { role: input.role } : {}),
      pro: input.pro,
      ...(input.message ? { message: input.message } : {}),
      ...(input.language ? { language: input.language } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
    });
  } catch (error) {
    // The error itself is answered by the caller's wrapper; the progress message must not stay "running".
    await progress?.stop();
    throw error;
  }
  const final = bulkResultBlocks({
    title: 'Invitations',
    done: result.done,
    skipped: result.skipped,
    failed: [...input.unresolved, ...result.failed],
    footer: inviteDmFooter(input.language),
  });
  if (progress) await progress.finish(final);
  else await request.reply(final);
  await sendInvitationDms(
    request,
    ctx,
    result.done.map((d) => d.invitation),
    input.slackIds,
  );
}

interface ProgressMessage {
  update: (handled: number, total: number) => void;
  finish: (final: { text: string; blocks: KnownBlock[] }) => Promise<void>;
  /** After a failure: says the invite stopped (when progress was shown at all). */
  stop: () => Promise<void>;
}

/**
 * "Inviting 1,000 people… 400 done", updated in place: through the response_url for a command
 * (at most 1 + 2 updates + the result or "stopped", leaving one of its 5 posts for an error), or as a DM
 * updated with chat.update for a form, which has no response_url.
 */
function progressMessage(request: CommandRequest): ProgressMessage {
  const show = request.source === 'command' ? responseUrlSurface(request) : dmSurface(request);
  let shown = 0;
  let lastHandled = 0;
  let lastAt = 0;
  let chain = Promise.resolve();
  return {
    update: (handled, total) => {
      const due =
        shown === 0 ||
        (shown <= PROGRESS_UPDATES &&
          handled - lastHandled >= total / (PROGRESS_UPDATES + 1) &&
          Date.now() - lastAt >= PROGRESS_MIN_INTERVAL_MS);
      if (!due || handled >= total) return;
      shown++;
      lastHandled = handled;
      lastAt = Date.now();
      const message = invitationProgressBlocks({ handled, total });
      chain = chain
        .then(() => show(message, false))
        .catch((error: unknown) =>
          request.deps.log.warn('slack: progress message not updated', {
            requestId: request.requestId,
            error: (error as Error).message,
          }),
        );
    },
    finish: async (final) => {
      await chain;
      await show(final, true);
    },
    stop: async () => {
      await chain;
      if (shown === 0) return;
      const text = `:warning: The invite stopped after ${count(lastHandled, 'address', 'addresses')}; the reason follows. \`/ub invitations\` shows who was invited.`;
      await show({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] }, false).catch(
        (error: unknown) =>
          request.deps.log.warn('slack: progress message not updated', {
            requestId: request.requestId,
            error: (error as Error).message,
          }),
      );
    },
  };
}

type Surface = (message: { text: string; blocks: KnownBlock[] }, final: boolean) => Promise<void>;

function responseUrlSurface(request: CommandRequest): Surface {
  let posted = false;
  return async (message) => {
    await request.reply({ ...message, replaceOriginal: posted });
    posted = true;
  };
}

function dmSurface(request: CommandRequest): Surface {
  let where: { channel: string; ts: string } | undefined;
  return async (message, final) => {
    if (where) {
      await request.client.chat.update({ channel: where.channel, ts: where.ts, ...message });
      return;
    }
    if (final) {
      await request.reply(message);
      return;
    }
    const posted = await request.client.chat.postMessage({ channel: request.slackUserId, ...message });
    if (posted.channel && posted.ts) where = { channel: posted.channel, ts: posted.ts };
  };
}
