import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { SLACK_SIGNATURE, UB_SIGNATURE, verifySignedRequest } from '../../src/slack/signed-request.js';
import { signSlackRequest } from '../support/slack-signature.js';

const now = new Date('2026-11-25T10:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const body = 'command=%2Fub&text=license+seats+11&team_id=T_TEST';

function check(headers: Record<string, string | string[]>, secrets: string[] = ['current'], rawBody = body) {
  return verifySignedRequest({ scheme: SLACK_SIGNATURE, secrets, headers, rawBody, now });
}

describe('verifying a signed request', () => {
  it('accepts a request signed with the secret, dated within 5 minutes either way', () => {
    for (const offset of [0, -299, 299, -300, 300]) {
      const verdict = check(signSlackRequest('current', body, nowSeconds + offset));
      expect(verdict).toMatchObject({ ok: true, timestamp: new Date((nowSeconds + offset) * 1000) });
    }
  });

  it('refuses a request dated more than 5 minutes in the future, as it refuses an old one', () => {
    expect(check(signSlackRequest('current', body, nowSeconds + 301))).toEqual({
      ok: false,
      reason: 'x-slack-request-timestamp is 301 s in the future (at most 300 s either way)',
    });
    expect(check(signSlackRequest('current', body, nowSeconds + 600))).toMatchObject({ ok: false });
    expect(check(signSlackRequest('current', body, nowSeconds - 301))).toEqual({
      ok: false,
      reason: 'x-slack-request-timestamp is 301 s in the past (at most 300 s either way)',
    });
  });

  it('refuses a wrong secret, a changed body and a signature moved to another timestamp', () => {
    expect(check(signSlackRequest('other', body, nowSeconds))).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(check(signSlackRequest('current', body, nowSeconds), ['current'], `${body}&x=1`)).toMatchObject({
      ok: false,
    });
    const signed = signSlackRequest('current', body, nowSeconds);
    expect(check({ ...signed, 'x-slack-request-timestamp': String(nowSeconds + 1) })).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
  });

  it('accepts the previous secret while it is rotated out, and only the listed ones', () => {
    expect(check(signSlackRequest('previous', body, nowSeconds), ['current', 'previous'])).toMatchObject({ ok: true });
    expect(check(signSlackRequest('current', body, nowSeconds), ['current', 'previous'])).toMatchObject({ ok: true });
    expect(check(signSlackRequest('older', body, nowSeconds), ['current', 'previous'])).toMatchObject({ ok: false });
    expect(check(signSlackRequest('', body, nowSeconds), [''])).toMatchObject({ ok: false });
  });

  it('refuses missing, malformed and repeated headers without comparing anything', () => {
    const signed = signSlackRequest('current', body, nowSeconds);
    expect(check({ 'x-slack-signature': signed['x-slack-signature'] })).toMatchObject({ ok: false });
    expect(check({ ...signed, 'x-slack-request-timestamp': '1.7e9' })).toMatchObject({ ok: false });
    expect(check({ ...signed, 'x-slack-signature': 'v1=abc' })).toMatchObject({ ok: false });
    expect(check({ ...signed, 'x-slack-signature': `v0=${'0'.repeat(63)}` })).toMatchObject({ ok: false });
    expect(check({ ...signed, 'x-slack-signature': [signed['x-slack-signature'], 'v0=00'] })).toMatchObject({
      ok: false,
    });
  });

  it('returns the signature, lower-cased, as the key the replay memory remembers', () => {
    const signed = signSlackRequest('current', body, nowSeconds);
    const upper = { ...signed, 'x-slack-signature': signed['x-slack-signature'].toUpperCase().replace('V0=', 'v0=') };
    expect(check(upper)).toMatchObject({ ok: true, signature: signed['x-slack-signature'] });
  });

  it('checks ub’s own endpoints by the same rules, under X-UB-Signature (sha256= of "<timestamp>.<body>") and X-UB-Timestamp', () => {
    const ingest = '{"events":[]}';
    const hex = createHmac('sha256', 'ingest-secret').update(`${nowSeconds}.${ingest}`).digest('hex');
    const headers = { 'x-ub-signature': `sha256=${hex}`, 'x-ub-timestamp': String(nowSeconds) };
    const verify = (h: Record<string, string>) =>
      verifySignedRequest({ scheme: UB_SIGNATURE, secrets: ['ingest-secret'], headers: h, rawBody: ingest, now });
    expect(verify(headers)).toMatchObject({ ok: true });
    expect(verify({ ...headers, 'x-ub-timestamp': String(nowSeconds + 400) })).toMatchObject({ ok: false });
    // Slack's format and headers do not stand in for ub's.
    expect(verify({ ...headers, 'x-ub-signature': `v0=${hex}` })).toMatchObject({ ok: false });
    expect(verify(signSlackRequest('ingest-secret', ingest, nowSeconds))).toMatchObject({ ok: false });
  });
});
