import { validateBlocks } from './block-kit-limits.js';
import { asSlackMessages, isObject } from './problems.js';
import type { FakeSlackState, ResponseUrlState } from './state.js';

/** Slack's rules for a response_url: valid 30 minutes, at most 5 posts. */
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_POSTS = 5;

export interface ResponseUrlAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A post a busy Slack refuses: 429 (with Retry-After, seconds) or a 5xx. */
export interface ResponseUrlFailure {
  status: number;
  retryAfterSeconds?: number;
}

const refuse = (status: number, error: string, extra: Record<string, unknown> = {}): ResponseUrlAnswer => ({
  status,
  body: { ok: false, error, ...extra },
});

/** A post to `${baseUrl}/response/<id>`: recorded when Slack would show it, refused as Slack refuses it otherwise. */
export function postToResponseUrl(state: FakeSlackState, id: string, raw: string): ResponseUrlAnswer {
  const entry = state.responseUrls.get(id);
  if (!entry) return refuse(404, 'invalid_url');
  const answer = answerPost(state, entry, raw);
  entry.attempts.push(answer.status);
  return answer;
}

function answerPost(state: FakeSlackState, entry: ResponseUrlState, raw: string): ResponseUrlAnswer {
  state.responseUrlPostCount += 1;
  const failure = state.responseUrlFailure?.({ n: state.responseUrlPostCount, attempt: entry.attempts.length + 1 });
  if (failure) {
    return failure.status === 429
      ? { ...refuse(429, 'ratelimited'), headers: { 'retry-after': String(failure.retryAfterSeconds ?? 1) } }
      : refuse(failure.status, 'internal_error');
  }
  if (state.now() - entry.createdAt > RESPONSE_URL_TTL_MS) return refuse(404, 'expired_url');
  if (entry.posts.length >= RESPONSE_URL_MAX_POSTS) return refuse(404, 'used_url');
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return refuse(400, 'invalid_payload');
  }
  if (!isObject(body)) return refuse(400, 'invalid_payload');
  const hasBlocks = Array.isArray(body.blocks) && body.blocks.length > 0;
  if (!body.text && !hasBlocks && body.delete_original !== true) return refuse(400, 'no_text');
  if (body.blocks !== undefined) {
    const problems = validateBlocks(body.blocks, 'message');
    if (problems.length > 0)
      return refuse(400, 'invalid_blocks', { response_metadata: { messages: asSlackMessages(problems) } });
  }
  entry.posts.push(body);
  return { status: 200, body: { ok: true } };
}
