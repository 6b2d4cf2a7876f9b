import type { HomeView } from '@slack/types';
import type { ServiceContext } from '../../services/context.js';
import type { CommandRequest } from '../../slack/kit/request.js';
import { homeDashboard } from '../../services/home/home-dashboard.js';
import { homeView } from '../../views/home/home-view.js';

/** The App Home tab: a dashboard of what the person can see and do, by role. */
export async function homeTab(request: CommandRequest, ctx: ServiceContext): Promise<HomeView> {
  return homeView(await homeDashboard(ctx), { learningUrl: request.deps.learningUrl });
}
