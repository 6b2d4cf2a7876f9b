import type { HomeView } from '@slack/types';
import type { ServiceContext } from '../../services/context.js';
import { findOrganization } from '../../services/organization-repository.js';
import { homeView } from '../../views/home/home-view.js';

/** The App Home tab: who the person is in ub and what they can do. */
export async function homeTab(ctx: ServiceContext): Promise<HomeView> {
  const organization = await findOrganization(ctx.store, ctx.orgId);
  return homeView({ role: ctx.actor.role, email: ctx.actor.email, organizationName: organization?.name });
}
