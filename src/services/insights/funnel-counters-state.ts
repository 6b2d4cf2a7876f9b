import type { Store } from '../store.js';

/** Organizations written before the funnel counters existed (a small collection: read whole). */
export async function organizationsWithoutFunnel(store: Store): Promise<string[]> {
  const orgs = await store.organizations
    .find({ funnel: { $exists: false } })
    .select({ _id: 1 })
    .lean()
    .exec();
  return orgs.map((o) => o._id);
}
