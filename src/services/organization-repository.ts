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

/**
 * Claims the first-run welcome of one person: true for exactly one caller, whatever the
 * retries (a guarded `$addToSet` on the organization's `_id`), so nobody is welcomed twice.
 */
export async function claimWelcome(store: Store, orgId: string, slackUserId: string): Promise<boolean> {
  const claimed = await store.organizations
    .updateOne({ _id: orgId, welcomed: { $ne: slackUserId } }, { $addToSet: { welcomed: slackUserId } })
    .exec();
  return claimed.modifiedCount === 1;
}

/** Pending invitations of the organization, from its counter (one `_id` read). */
export async function pendingInvitationCount(store: Store, orgId: string): Promise<number> {
  const org = await store.organizations.findById(orgId).select({ pendingInvitations: 1 }).lean().exec();
  return org?.pendingInvitations ?? 0;
}

export async function findOrganization(store: Store, orgId: string): Promise<Organization | undefined> {
  const doc = await store.organizations.findById(orgId).lean().exec();
  return doc ? toOrganization(doc) : undefined;
}

function toOrganization(doc: OrganizationDoc): Organization {
  return { id: doc._id, name: doc.name, bootstrapAdmins: doc.bootstrapAdmins ?? [], createdAt: doc.createdAt };
}

/** Every organization's id (a handful of documents: one per workspace), for jobs that visit them all. */
export async function organizationIds(store: Store): Promise<string[]> {
  const docs = await store.organizations.find({}).select({ _id: 1 }).lean().exec();
  return docs.map((d) => d._id);
}
