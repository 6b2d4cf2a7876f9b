import { describe, expect, it } from '@jest/globals';
import { HOME_BLOCK_LIMIT, homeView } from '../../../src/views/home/home-view.js';
import { validateView } from '../../support/fake-slack/index.js';
import { buildAdminDashboard, buildHomeDashboard, buildStanding } from '../../support/view-factories.js';

const render = (...args: Parameters<typeof homeView>) => {
  const view = homeView(...args);
  expect(validateView(view)).toEqual([]);
  expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCK_LIMIT);
  return JSON.stringify(view.blocks);
};

describe('homeView', () => {
  it('offers to set the license count before it is set, instead of showing 0 free', () => {
    const all = render(
      buildHomeDashboard({
        standing: buildStanding({ role: 'admin' }),
        admin: buildAdminDashboard({
          seats: { countSet: false, seats: 0, used: 1, free: -1, proSeats: 0, proUsed: 0, proFree: 0 },
          pendingInvitations: 0,
          oldestPending: undefined,
        }),
      }),
    );
    expect(all).toContain('*License count not set yet.*');
    expect(all).toContain('ub.run:license-seats');
    expect(all).toContain('*Pending invitations:* none.');
    expect(all).not.toContain('0 free');
  });

  it('shows a learner where the courses are when the learning site is known', () => {
    const all = render(buildHomeDashboard(), { learningUrl: 'https://acme.udemy.com' });
    expect(all).toContain('Courses: <https://acme.udemy.com|https://acme.udemy.com>');
  });

  it('tells a deactivated member whom to ask to come back', () => {
    const all = render(buildHomeDashboard({ standing: buildStanding({ status: 'deactivated' }) }));
    expect(all).toContain('Your learning account is deactivated.');
    expect(all).toContain('To use ub again, ask an admin to reactivate you: <@UADA>.');
  });
});
