import type { IncomingMessage, RequestListener } from 'node:http';
import type { Logger } from '../logger.js';
import { FRESHNESS_SECONDS, verifySignedRequest, type SignatureScheme } from './signed-request.js';

/** What a verified request carries into Bolt (its customProperties), for the replay check. */
export interface VerifiedRequest {
  /** The key the replay memory takes: the signature itself. */
  replayKey: string;
  /** After this the request's timestamp fails the freshness check, so a replay needs no memory. */
  rememberUntil: Date;
}

/** A little longer than the window, so that clocks a little apart between replicas change nothing. */
const REMEMBER_MARGIN_MS = 60_000;

/** Bolt's HTTP receiver reads at most 4 MB; so do we. */
const BODY_LIMIT = 4 * 1024 * 1024;

export interface SignedRequestFront {
  /** Wraps a request listener: POSTs to `paths` are verified first; everything else passes as it is. */
  wrap(listener: RequestListener): RequestListener;
  /** The verification of a request that passed `wrap`, for Bolt's customPropertiesExtractor. */
  verified(req: IncomingMessage): VerifiedRequest | undefined;
}

/**
 * The door of ub's signed HTTP endpoints: reads the body (within a limit), checks the signature
 * and the two-sided freshness of its timestamp (signed-request.ts), and answers 401 itself when
 * they fail. Bolt's own check is turned off (it tolerates timestamps in the future and knows
 * one secret); a request reaches Bolt only through here, with its body already read.
 */
export function signedRequestFront(options: {
  paths: readonly string[];
  scheme: SignatureScheme;
  secrets: readonly string[];
  now: () => Date;
  log: Logger;
}): SignedRequestFront {
  const verifiedRequests = new WeakMap<IncomingMessage, VerifiedRequest>();

  const admit = async (req: IncomingMessage): Promise<{ status: number } | 'pass'> => {
    const body = await readBody(req, BODY_LIMIT);
    if (body === 'too_large') return { status: 413 };
    // Slack's certificate check is unsigned and wants a 200, nothing else; its body is not passed on.
    if (isSslCheck(req, body)) return { status: 200 };
    const check = verifySignedRequest({
      scheme: options.scheme,
      secrets: options.secrets,
      headers: req.headers,
      rawBody: body,
      now: options.now(),
    });
    if (!check.ok) {
      options.log.warn('http: signed request refused', { path: req.url, reason: check.reason });
      return { status: 401 };
    }
    Object.assign(req, { rawBody: body });
    verifiedRequests.set(req, {
      replayKey: check.signature,
      rememberUntil: new Date(check.timestamp.getTime() + FRESHNESS_SECONDS * 1000 + REMEMBER_MARGIN_MS),
    });
    return 'pass';
  };

  return {
    verified: (req) => verifiedRequests.get(req),
    wrap: (listener) => (req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (req.method !== 'POST' || !options.paths.includes(path)) {
        listener(req, res);
        return;
      }
      admit(req).then(
        (outcome) => {
          if (outcome === 'pass') listener(req, res);
          else res.writeHead(outcome.status).end();
        },
        (error: unknown) => {
          options.log.warn('http: could not read a signed request', { path, error: (error as Error).message });
          if (!res.headersSent) res.writeHead(400).end();
        },
      );
    },
  };
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > limit) return 'too_large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return false;
  return new URLSearchParams(body.toString('utf8')).get('ssl_check') === '1';
}
