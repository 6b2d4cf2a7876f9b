import { describe, expect, it } from '@jest/globals';
import {
  digestWeekOf,
  nextDigestAt,
  parseDigestTime,
} from '../../../../src/services/insights/digests/digest-schedule.js';

describe('digest schedules', () => {
  it('keeps 09:00 local across the spring and autumn clock changes', () => {
    const berlin = { day: 'mon' as const, time: '09:00', timeZone: 'Europe/Berlin' };
    // Before the change (CET, UTC+1) and after it (CEST, UTC+2) on 29 March 2026.
    expect(nextDigestAt(berlin, new Date('2026-03-23T08:00:01Z')).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextDigestAt(berlin, new Date('2026-10-19T07:00:01Z')).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    const ny = { day: 'sun' as const, time: '02:30', timeZone: 'America/New_York' };
    // 02:30 does not exist on 8 March 2026 in New York: the digest goes at 03:30 EDT.
    expect(nextDigestAt(ny, new Date('2026-03-02T00:00:00Z')).toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('names the week by the subscriber’s calendar, and reads times as people type them', () => {
    expect(digestWeekOf(new Date('2026-11-29T23:30:00Z'), 'Europe/Berlin')).toBe('2026-W49');
    expect(digestWeekOf(new Date('2026-11-29T23:30:00Z'), 'UTC')).toBe('2026-W48');
    expect(parseDigestTime('9')).toBe('09:00');
    expect(parseDigestTime('17:05')).toBe('17:05');
    expect(() => parseDigestTime('24:00')).toThrow('not a time');
  });
});
