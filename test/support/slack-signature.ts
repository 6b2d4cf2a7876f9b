import { createHmac } from 'node:crypto';

/**
 * Signs a request body the way Slack does: `v0=` + hex HMAC-SHA256 of "v0:<timestamp>:<body>",
 * keyed by the signing secret. A stale request is only an old timestamp: the signature over it is valid.
 */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): { 'x-slack-signature': string; 'x-slack-request-timestamp': string } {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hmac}`, 'x-slack-request-timestamp': String(timestampSeconds) };
}

/**
 * Signs a request to ub's own signed endpoints (the activity ingest, issue 10): `sha256=` + hex
 * HMAC-SHA256 of "<timestamp>.<body>", keyed by UB_INGEST_SECRET.
 */
export function signIngestRequest(
  secret: string,
  rawBody: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): { 'x-ub-signature': string; 'x-ub-timestamp': string } {
  const hmac = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`).digest('hex');
  return { 'x-ub-signature': `sha256=${hmac}`, 'x-ub-timestamp': String(timestampSeconds) };
}
