import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Where a signed request carries its signature and timestamp, and what is signed. Slack: `v0=` +
 * hex HMAC-SHA256 of `v0:<timestamp>:<raw body>`. ub's own signed endpoints (the activity ingest,
 * `X-UB-*`, issue 10): `sha256=` + hex HMAC-SHA256 of `<timestamp>.<raw body>`. Both keyed by a
 * shared secret, both checked by the same rules.
 */
export interface SignatureScheme {
  /** Lower-case header names, as Node gives them. */
  signatureHeader: string;
  timestampHeader: string;
  /** What the signature header starts with, before the hex digits. */
  prefix: string;
  /** What comes before the raw body in the signed text. */
  signedPrefix(timestamp: string): string;
}

export const SLACK_SIGNATURE: SignatureScheme = {
  signatureHeader: 'x-slack-signature',
  timestampHeader: 'x-slack-request-timestamp',
  prefix: 'v0=',
  signedPrefix: (timestamp) => `v0:${timestamp}:`,
};

export const UB_SIGNATURE: SignatureScheme = {
  signatureHeader: 'x-ub-signature',
  timestampHeader: 'x-ub-timestamp',
  prefix: 'sha256=',
  signedPrefix: (timestamp) => `${timestamp}.`,
};

/** How far a request's timestamp may be from our clock, either way. */
export const FRESHNESS_SECONDS = 5 * 60;

export type SignatureCheck =
  | {
      ok: true;
      /** The signature as sent (`v0=<hex>` for Slack, lower-cased): what the replay memory remembers. */
      signature: string;
      /** The request's own timestamp: a replay is refused by freshness once it is FRESHNESS_SECONDS old. */
      timestamp: Date;
    }
  | { ok: false; reason: string };

/**
 * Checks a signed request: a timestamp within FRESHNESS_SECONDS of now in either direction (a
 * request dated in the future is as suspect as an old one), and a signature made with one of
 * `secrets` (the current one and, while it is being rotated, the previous one), compared in
 * constant time. Pure: the caller buffers the body and answers 401 on `ok: false`.
 */
export function verifySignedRequest(input: {
  scheme: SignatureScheme;
  secrets: readonly string[];
  headers: IncomingHttpHeaders;
  rawBody: Buffer | string;
  now: Date;
}): SignatureCheck {
  const timestampText = header(input.headers, input.scheme.timestampHeader);
  const signature = header(input.headers, input.scheme.signatureHeader)?.toLowerCase();
  if (timestampText === undefined || !/^\d{1,12}$/.test(timestampText))
    return { ok: false, reason: `${input.scheme.timestampHeader} is missing or not a number of seconds` };
  const hex = signature?.startsWith(input.scheme.prefix) ? signature.slice(input.scheme.prefix.length) : undefined;
  if (signature === undefined || hex === undefined || !/^[0-9a-f]{64}$/.test(hex))
    return {
      ok: false,
      reason: `${input.scheme.signatureHeader} is missing or not ${input.scheme.prefix}<64 hex digits>`,
    };
  const timestampSeconds = Number(timestampText);
  const skew = timestampSeconds - Math.floor(input.now.getTime() / 1000);
  if (Math.abs(skew) > FRESHNESS_SECONDS)
    return {
      ok: false,
      reason: `${input.scheme.timestampHeader} is ${Math.abs(skew)} s in the ${skew > 0 ? 'future' : 'past'} (at most ${FRESHNESS_SECONDS} s either way)`,
    };
  const sent = Buffer.from(hex, 'hex');
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  // Every secret is tried, so the time taken does not tell which one matched.
  let matched = false;
  for (const secret of input.secrets) {
    if (secret === '') continue;
    const expected = createHmac('sha256', secret)
      .update(input.scheme.signedPrefix(timestampText))
      .update(body)
      .digest();
    if (timingSafeEqual(expected, sent)) matched = true;
  }
  if (!matched) return { ok: false, reason: 'signature mismatch' };
  return { ok: true, signature, timestamp: new Date(timestampSeconds * 1000) };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  // A header sent twice is a request nobody signed as such.
  return typeof value === 'string' ? value.trim() : undefined;
}
