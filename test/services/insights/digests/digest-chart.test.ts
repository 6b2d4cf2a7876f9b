import { describe, expect, it } from '@jest/globals';
import { digestChartPng, type DigestChartData } from '../../../../src/services/insights/digests/digest-chart.js';

const data = (title: string, started: number): DigestChartData => ({
  title,
  steps: [
    { label: 'Licenses', count: 40 },
    { label: 'Invited', count: 30 },
    { label: 'Joined', count: 20 },
    { label: 'Enrolled', count: 10 },
    { label: 'Started', count: started },
  ],
  trend: [
    { week: 'W46', rate: undefined },
    { week: 'W47', rate: 0.25 },
  ],
});

/** A PNG's size, from its header chunk. */
const sizeOf = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('the digest picture', () => {
  it('is a PNG of 720 by 360 pixels', async () => {
    const png = await digestChartPng(data('Adoption funnel: Sales', 5));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(sizeOf(png)).toEqual({ width: 720, height: 360 });
  });

  it('is rendered once for digests showing the same thing, and again when anything shown differs', async () => {
    const first = await digestChartPng(data('Adoption funnel: Ops', 5));
    expect(await digestChartPng(data('Adoption funnel: Ops', 5))).toBe(first);
    const otherFigure = await digestChartPng(data('Adoption funnel: Ops', 6));
    const otherTitle = await digestChartPng(data('Adoption funnel: Ops and Sales', 5));
    expect(otherFigure).not.toBe(first);
    expect(otherFigure.equals(first)).toBe(false);
    expect(otherTitle.equals(first)).toBe(false);
  });
});
