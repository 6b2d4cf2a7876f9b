import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { z } from 'zod';
import type { AppDeps } from '../deps.js';
import { systemActor } from '../services/context.js';
import { MAX_ACTIVITY_EVENTS } from '../services/insights/activity-event.js';
import { withActivityBatchMarker } from '../services/insights/activity-batches.js';
import { recordActivity } from '../services/insights/record-activity.js';
import { findOrganization } from '../services/organization-repository.js';
import { UB_SIGNATURE, verifySignedRequest } from './signed-request.js';

export const ACTIVITY_PATH = '/api/v1/activity';

/** The largest body the endpoint reads (issue 10): a batch of 1,000 events fits well within it. */
const BODY_LIMIT = 1024 * 1024;

const envelopeSchema = z.object({
  events: z
    .array(z.unknown(), { error: 'events must be an array' })
    .max(MAX_ACTIVITY_EVENTS, `at most ${MAX_ACTIVITY_EVENTS} events per request`),
});

/**
 * `POST /api/v1/activity`: the learning platform reports what people did (decision 022). Signed
 * like Slack's requests but with ub's own scheme (`X-UB-Signature: sha256=<hex HMAC of
 * "<timestamp>.<raw body>">`, `X-UB-Timestamp`, keyed by UB_INGEST_SECRET, signed-request.ts); the
 * organization is the `X-UB-Team` header. 401 and nothing applied for a bad signature, a stale
 * timestamp or an unknown team; 400 with the reason for a body that is not the envelope; 200 with
 * what was applied, the duplicates and each rejected event otherwise.
 */
export function activityRoute(deps: AppDeps, secrets: readonly string[]): CustomRoute {
  return {
    path: ACTIVITY_PATH,
    method: ['POST'],
    handler: (req, res) => {
      handle(deps, secrets, req, res).catch((error: unknown) => {
        deps.log.error('activity: request failed', { error: (error as Error).message, stack: (error as Error).stack });
        if (!res.headersSent) reply(res, 500, { error: 'ub could not apply the events; send them again later' });
      });
    },
  };
}

async function handle(
  deps: AppDeps,
  secrets: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req, BODY_LIMIT);
  if (body === 'too_large') return reply(res, 400, { error: 'the body is over 1 MB: send fewer events per request' });
  const check = verifySignedRequest({
    scheme: UB_SIGNATURE,
    secrets,
    headers: req.headers,
    rawBody: body,
    now: deps.now(),
  });
  if (!check.ok) {
    deps.log.warn('activity: signed request refused', { reason: check.reason });
    return reply(res, 401, { error: 'not signed with the ingest secret, or the timestamp is stale' });
  }
  const team = req.headers['x-ub-team'];
  const orgId = typeof team === 'string' ? team.trim() : '';
  if (orgId === '' || !(await findOrganization(deps.store, orgId))) {
    deps.log.warn('activity: unknown team', { team: orgId.slice(0, 40) });
    return reply(res, 401, { error: 'X-UB-Team names no workspace ub serves' });
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return reply(res, 400, { error: 'the body is not JSON' });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issue = envelope.error.issues[0]!;
    const reason = issue.path.length === 0 ? 'the body must be an object with an "events" array' : issue.message;
    return reply(res, 400, {
      error: issue.code === 'invalid_type' && issue.input === undefined ? 'events is missing' : reason,
    });
  }
  const ctx = {
    store: deps.store,
    orgId,
    actor: systemActor,
    source: 'activity' as const,
    now: deps.now,
    requestId: undefined,
  };
  const result = await withActivityBatchMarker(ctx, () => recordActivity(ctx, envelope.data.events));
  reply(res, 200, result);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Read on to the end, so the client gets the answer rather than a reset connection.
    if (size <= limit) chunks.push(buffer);
  }
  return size > limit ? 'too_large' : Buffer.concat(chunks);
}
