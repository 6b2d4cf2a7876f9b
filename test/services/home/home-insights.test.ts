import { beforeEach, describe, expect, it } from '@jest/globals';
import { homeDashboard } from '../../../src/services/home/home-dashboard.js';
import { recordActivity } from '../../../src/services/insights/record-activity.js';
import { homeView } from '../../../src/views/home/home-view.js';
import { clearDatabase, useTestDatabase } from '../../support/use-test-database.js';
import {
  buildActor,
  buildContext,
  createGroup,
  createOrganization,
  createUser,
  groupAdminActor,
  ORG_ID,
} from '../../support/factories.js';

const t = useTestDatabase();
beforeEach(async () => {
  await clearDatabase(t.store);
  await createOrganization(t.store, { seats: 20 });
});

describe('App Home and the insights', () => {
  it('shows admins the organization’s funnel and group admins their groups’, with the stuck buttons', async () => {
    const sales = await createGroup(t.store, { name: 'Sales' });
    await createUser(t.store, { email: 'actor@example.com', role: 'admin' });
    const admin = await homeDashboard(buildContext(t.store));
    expect(admin.funnel?.scope).toBe('organization');
    expect(JSON.stringify(homeView(admin).blocks)).toContain('adoption.stuck:enrolled');
    await createUser(t.store, {
      email: 'ga@example.com',
      role: 'group_admin',
      managedGroups: [{ groupId: sales._id, permissions: [] }],
    });
    const lead = await homeDashboard(
      buildContext(t.store, { actor: groupAdminActor([{ groupId: sales._id, permissions: [] }]) }),
    );
    expect(lead.funnel?.groups.map((g) => g.group.name)).toEqual(['Sales']);
  });

  it('shows learners their own courses and no funnel', async () => {
    await createUser(t.store, { email: 'lee@example.com' });
    await recordActivity(buildContext(t.store, { source: 'activity' }), [
      { type: 'enrolled', email: 'lee@example.com', courseId: 'c1', courseTitle: 'Rust', at: '2026-11-20T10:00:00Z' },
      {
        type: 'course_completed',
        email: 'lee@example.com',
        courseId: 'c2',
        courseTitle: 'Go',
        at: '2026-11-21T10:00:00Z',
      },
    ]);
    const learner = await homeDashboard(
      buildContext(t.store, {
        actor: buildActor({ role: 'user', email: 'lee@example.com', userId: `${ORG_ID}:lee@example.com` }),
      }),
    );
    expect(learner.funnel).toBeUndefined();
    expect(learner.courses.map((c) => [c.title, c.progress])).toEqual([
      ['Go', 100],
      ['Rust', 0],
    ]);
    expect(JSON.stringify(homeView(learner).blocks)).toContain('*Your courses*');
  });
});
