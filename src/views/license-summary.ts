import type { MrkdwnElement } from '@slack/types';
import type { SeatUsage } from '../services/seats-repository.js';
import { formatNumber } from '../plural.js';

/** How licenses in use and free read wherever they are summed up (`/ub license`, App Home). */

/** The words every license summary uses when no count was set yet. */
export const LICENSE_COUNT_NOT_SET = 'License count not set yet';

/** "4 of 10 in use · 6 free" for licenses and Pro licenses, as two section fields. */
export function licenseFields(usage: SeatUsage): MrkdwnElement[] {
  const line = (used: number, total: number, free: number) =>
    `${formatNumber(used)} of ${formatNumber(total)} in use · ${formatNumber(Math.max(0, free))} free`;
  return [
    { type: 'mrkdwn', text: `*Licenses*\n${line(usage.used, usage.seats, usage.free)}` },
    { type: 'mrkdwn', text: `*Pro licenses*\n${line(usage.proUsed, usage.proSeats, usage.proFree)}` },
  ];
}
