import type { ServiceContext } from '../context.js';
import { groupsActorMayUse } from '../authorization.js';
import { personKey } from '../domain.js';
import { readFunnel, type FunnelReport } from './funnel.js';
import { readLearnerCourses } from './learner-courses-repository.js';

export type { FunnelReport } from './funnel.js';

/** What other features (App Home) read of the insights: the viewer's funnel and their own courses. */

/** The funnel of what the viewer manages (admins: the organization; group admins: their groups); none for learners. */
export async function funnelForViewer(ctx: ServiceContext): Promise<FunnelReport | undefined> {
  const reach = groupsActorMayUse(ctx.actor, 'insights.view');
  if (reach !== undefined && reach.length === 0) return undefined;
  return readFunnel(ctx);
}

export interface MyCourse {
  title: string;
  progress: number;
  completedAt: Date | undefined;
  lastActivityAt: Date | undefined;
}

/** The viewer's own courses, the most recently active first: `_id` reads (decision 045). */
export async function myCourses(ctx: ServiceContext): Promise<MyCourse[]> {
  if (ctx.actor.email === undefined) return [];
  const courses = await readLearnerCourses(ctx.store, personKey(ctx.orgId, ctx.actor.email));
  return courses.map((c) => ({
    title: c.title,
    progress: c.progress,
    completedAt: c.completedAt,
    lastActivityAt: c.lastActivityAt,
  }));
}
