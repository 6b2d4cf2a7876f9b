import { App, type AppOptions, type ReceiverEvent } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { isDatabaseUnreachable } from '../services/errors.js';
import { rememberRequest } from '../services/request-signature-repository.js';
import type { Store } from '../services/store.js';
import { workspaceNotServedMessage, workspaceNotServedModal } from '../views/error-blocks.js';
import { newRequestId } from './listeners/build-request.js';
import { responseUrl } from './response-url.js';
import type { VerifiedRequest } from './signed-request-front.js';

/** The workspace a request comes from, as Bolt's authorization reads it. */
export interface RequestTeam {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
}

/** The name under which a transport hands the guard what it needs against replays (Bolt's customProperties). */
export const REPLAY_PROPERTY = 'ubReplay';

export interface RequestGuardOptions {
  store: Store;
  log: Logger;
  now: () => Date;
  /** Whether ub serves this workspace: its own team in single-workspace mode, an installation in OAuth mode. */
  servesTeam(team: RequestTeam): Promise<boolean>;
}

/**
 * Bolt's App with ub's two checks in front of Bolt's own processing, for every transport (signed
 * HTTP and Socket Mode alike), before Bolt authorizes, runs middleware or acks:
 * 1. a request from a workspace ub does not serve is answered "not set up here" and does nothing,
 *    not even a write (in OAuth mode Bolt would only log an authorization failure, and the person
 *    would see nothing);
 * 2. a request already taken (the same signature, or the same Socket Mode envelope) is acked with
 *    an empty 200 and dropped: a replay has no effect.
 */
export class GuardedApp extends App {
  constructor(
    options: AppOptions,
    private readonly guard: RequestGuardOptions,
  ) {
    super(options);
  }

  override async processEvent(event: ReceiverEvent): Promise<void> {
    if (await admit(event, this.guard)) await super.processEvent(event);
  }
}

async function admit(event: ReceiverEvent, guard: RequestGuardOptions): Promise<boolean> {
  const body = requestBody.safeParse(event.body);
  const fields = body.success ? body.data : {};
  const team = requestTeam(fields);
  if (!skipsAuthorization(fields) && !(await servesTeam(team, guard))) {
    guard.log.warn('slack: request from a workspace ub does not serve: refused, nothing done', {
      teamId: team.teamId,
      enterpriseId: team.enterpriseId,
      type: fields.command ? 'slash_command' : fields.type,
    });
    await refuse(event, fields, guard);
    return false;
  }
  const replay = replayOf(event);
  if (replay && !(await firstTime(replay, guard))) {
    guard.log.warn('slack: replayed request dropped', { type: fields.command ? 'slash_command' : fields.type });
    await event.ack();
    return false;
  }
  return true;
}

/** When the installations cannot be read, Bolt's own authorization decides (and fails the same way). */
async function servesTeam(team: RequestTeam, guard: RequestGuardOptions): Promise<boolean> {
  try {
    return await guard.servesTeam(team);
  } catch (error) {
    guard.log.error('slack: could not tell whether ub serves a workspace', { teamId: team.teamId, error });
    return true;
  }
}

/** True when the request was not seen before. With the database unreachable, it is let through: it can change nothing then. */
async function firstTime(replay: VerifiedRequest, guard: RequestGuardOptions): Promise<boolean> {
  try {
    return await rememberRequest(guard.store, replay.replayKey, replay.rememberUntil);
  } catch (error) {
    if (!isDatabaseUnreachable(error)) throw error;
    guard.log.warn('slack: replay memory unreachable; request let through', { error: (error as Error).message });
    return true;
  }
}

function replayOf(event: ReceiverEvent): VerifiedRequest | undefined {
  const value: unknown = event.customProperties?.[REPLAY_PROPERTY];
  const parsed = verifiedRequest.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

const verifiedRequest = z.object({ replayKey: z.string().min(1), rememberUntil: z.date() });

/** What the guard reads of any request body; every field is optional, the rest is Bolt's business. */
const requestBody = z.looseObject({
  type: z.string().optional(),
  command: z.string().optional(),
  team_id: z.string().nullish(),
  team: z.object({ id: z.string().nullish() }).nullish(),
  user: z.object({ team_id: z.string().nullish() }).nullish(),
  view: z.object({ team_id: z.string().nullish() }).nullish(),
  enterprise_id: z.string().nullish(),
  enterprise: z.object({ id: z.string().nullish() }).nullish(),
  is_enterprise_install: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  response_url: z.string().optional(),
  event: z.object({ type: z.string().optional() }).nullish(),
});
type RequestBody = z.infer<typeof requestBody>;

function requestTeam(body: RequestBody): RequestTeam {
  return {
    teamId: body.team_id ?? body.team?.id ?? body.user?.team_id ?? body.view?.team_id ?? undefined,
    enterpriseId: body.enterprise_id ?? body.enterprise?.id ?? undefined,
    isEnterpriseInstall: body.is_enterprise_install === true || body.is_enterprise_install === 'true',
  };
}

/** Bolt lets these events through without an installation (they say it is gone); ub has no listener for them. */
function skipsAuthorization(body: RequestBody): boolean {
  return body.type === 'event_callback' && ['app_uninstalled', 'tokens_revoked'].includes(body.event?.type ?? '');
}

/**
 * Tells the person, by the only way each kind of request allows without a bot token for their
 * workspace: in the ack (commands, forms), or on the response_url (buttons). Events get a bare ack.
 */
async function refuse(event: ReceiverEvent, body: RequestBody, guard: RequestGuardOptions): Promise<void> {
  if (body.command) {
    await event.ack({ response_type: 'ephemeral', ...workspaceNotServedMessage() });
    return;
  }
  if (body.type === 'view_submission') {
    await event.ack({ response_action: 'update', view: workspaceNotServedModal() });
    return;
  }
  if (body.type === 'block_suggestion') {
    await event.ack({ options: [] });
    return;
  }
  await event.ack();
  if (body.response_url) {
    const url = responseUrl({
      url: body.response_url,
      issuedAt: guard.now(),
      requestId: newRequestId(),
      log: guard.log,
    });
    await url
      .post({ response_type: 'ephemeral', replace_original: false, ...workspaceNotServedMessage() })
      .catch(() => undefined);
  }
}
