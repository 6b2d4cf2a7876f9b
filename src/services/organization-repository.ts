import type { Store } from './store.js';
import type { OrganizationDoc } from './models/organization.js';
import { markSearchIndexComplete } from './search/member-index-repository.js';

export interface Organization {
  id: string;
  name: string | undefined;
  bootstrapAdmins: string[];
  createdAt: Date;
}

/**
 * Returns the organization of a Slack workspace, creating it the first time the workspace is seen.
 * Bootstrap admins are written only on creation, so changing UB_BOOTSTRAP_ADMINS later never
 * promotes anyone behind the admins' backs.
 */
export async function ensureOrganization(
  store: Store,
  input: { orgId: string; name?: string; bootstrapAdmins: string[] },
): Promise<Organization> {
  const result = await store.organizations
    .findOneAndUpdate(
      { _id: input.orgId },
      { $setOnInsert: { _id: input.orgId, name: input.name, bootstrapAdmins: input.bootstrapAdmins } },
      { upsert: true, returnDocument: 'after', lean: true, includeResultMetadata: true },
    )
    .exec();
  // A new organization has nobody to index yet: its search sets are complete from the start.
  if (!result.lastErrorObject?.updatedExisting) await markSearchIndexComplete(store, input.orgId);
  return toOrganization(result.value!);
}

export async function findOrganization(store: Store, orgId: string): Promise<Organization | undefined> {
  const doc = await store.organizations.findById(orgId).lean().exec();
  return doc ? toOrganization(doc) : undefined;
}

function toOrganization(doc: OrganizationDoc): Organization {
  return { id: doc._id, name: doc.name, bootstrapAdmins: doc.bootstrapAdmins ?? [], createdAt: doc.createdAt };
}
