import { describe, expect, it } from '@jest/globals';
import type { LicenseOverview } from '../../../src/services/licenses/license-overview.js';
import {
  licenseOverviewBlocks,
  licenseProModalView,
  licenseSeatsModalView,
  proChangeText,
} from '../../../src/views/licenses/license-blocks.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';

const overview = (overrides: Partial<LicenseOverview>): LicenseOverview => ({
  countSet: true,
  seats: 10,
  used: 3,
  free: 7,
  proSeats: 2,
  proUsed: 0,
  proFree: 2,
  pendingInvitations: 0,
  ...overrides,
});

describe('license views', () => {
  it('builds valid license forms', () => {
    for (const view of [
      licenseSeatsModalView({ seats: 10, proSeats: 2, used: 3, proUsed: 1 }),
      licenseProModalView({ proFree: 1 }),
    ]) {
      expect(validateView(view)).toEqual([]);
    }
    expect(JSON.stringify(licenseProModalView({ proFree: 1 }))).toContain('1 Pro license free.');
  });

  it('says the count is not set yet, instead of an overdraft, before an admin sets it', () => {
    const { text, blocks } = licenseOverviewBlocks(overview({ countSet: false, seats: 0, used: 1, free: -1 }));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(text).toBe('Licenses: license count not set yet (1 in use)');
    const all = JSON.stringify(blocks);
    expect(all).toContain('License count not set yet.');
    expect(all).toContain('/ub license seats &lt;n&gt; [--pro &lt;n&gt;]');
    expect(all).toContain('1 person already holds one');
    expect(all).not.toContain('0 free');
    expect(all).not.toContain(':warning:');
  });

  it('warns when more people hold a license than the account has, with the count to set', () => {
    const { blocks } = licenseOverviewBlocks(overview({ seats: 2, used: 3, free: -1 }));
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain(
      'More people hold a license than the account has. Raise the count with `/ub license seats 3` or more',
    );
    const pro = JSON.stringify(licenseOverviewBlocks(overview({ proSeats: 1, proUsed: 2, proFree: -1 })).blocks);
    expect(pro).toContain('`/ub license seats 10 --pro 2` or more');
  });

  it('says what a Pro change did, for people and for pending invitations', () => {
    const base = { email: 'pam@example.com', changed: true, pending: false } as const;
    expect(proChangeText({ ...base, licenseType: 'pro' })).toBe(
      ':white_check_mark: You gave pam@example.com a Pro license.',
    );
    expect(proChangeText({ ...base, licenseType: 'standard' })).toBe(
      ':white_check_mark: You took the Pro license back from pam@example.com; they keep a standard license.',
    );
    expect(proChangeText({ ...base, pending: true, licenseType: 'standard' })).toBe(
      ':white_check_mark: The invitation to pam@example.com now comes with a standard license instead of Pro: they join with it.',
    );
    expect(proChangeText({ ...base, pending: true, changed: false, licenseType: 'pro' })).toBe(
      'The invitation to pam@example.com already comes with a Pro license; nothing changed.',
    );
  });
});
