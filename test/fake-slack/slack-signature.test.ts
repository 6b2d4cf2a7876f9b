import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signSlackRequest } from '../support/slack-signature.js';

describe('signSlackRequest', () => {
  it('signs "v0:<timestamp>:<body>" with HMAC-SHA256 of the signing secret', () => {
    const body = 'token=x&command=%2Fub&text=help';
    const expected = createHmac('sha256', 'shh').update(`v0:1700000000:${body}`).digest('hex');
    expect(signSlackRequest('shh', body, 1700000000)).toEqual({ 'x-slack-signature': `v0=${expected}`, 'x-slack-request-timestamp': '1700000000' });
  });

  it('uses the current time by default', () => {
    const now = Math.floor(Date.now() / 1000);
    expect(Number(signSlackRequest('shh', '')['x-slack-request-timestamp'])).toBeGreaterThanOrEqual(now);
  });
});
