import { describe, expect, it } from '@jest/globals';
import {
  licenseOverviewBlocks,
  licenseProModalView,
  licenseSeatsModalView,
} from '../../../src/views/licenses/license-blocks.js';
import { validateBlocks, validateView } from '../../support/fake-slack/index.js';

describe('license views', () => {
  it('builds valid license forms', () => {
    for (const view of [
      licenseSeatsModalView({ seats: 10, proSeats: 2, used: 3, proUsed: 1 }),
      licenseProModalView({ proFree: 1 }),
    ]) {
      expect(validateView(view)).toEqual([]);
    }
  });

  it('warns when more people hold a license than the account has', () => {
    const { blocks } = licenseOverviewBlocks({
      seats: 0,
      used: 1,
      free: -1,
      proSeats: 0,
      proUsed: 0,
      proFree: 0,
      pendingInvitations: 0,
    });
    expect(validateBlocks(blocks, 'message')).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('More people hold a license than the account has');
  });
});
