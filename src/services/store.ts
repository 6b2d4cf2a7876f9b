import type { Connection } from 'mongoose';
import { activityBatchModel } from './models/activity-batch.js';
import { activityEventModel, courseModel, enrollmentModel, learnerCoursesModel } from './models/activity.js';
import { funnelSnapshotModel } from './models/funnel-snapshot.js';
import { approvalDelegationModel, approvalRequestModel, pendingRequestKeyModel } from './models/approval-request.js';
import { auditEntryModel } from './models/audit-entry.js';
import { bulkRunModel, bulkRunPageModel } from './models/bulk-run.js';
import { digestSubscriptionModel } from './models/digest-subscription.js';
import { digestHighlightsModel } from './models/digest-highlights.js';
import { nudgeModel, nudgeSettingsModel } from './models/nudge.js';
import { slackPostModel } from './models/slack-post.js';
import { exportFileModel } from './models/export-file.js';
import { groupModel, groupNameModel } from './models/group.js';
import { invitationModel } from './models/invitation.js';
import { keySetChunkModel, keySetModel, searchIndexStateModel } from './models/key-set.js';
import { lockModel } from './models/lock.js';
import { organizationModel } from './models/organization.js';
import { proReclaimModel } from './models/pro-reclaim.js';
import { requestSignatureModel } from './models/request-signature.js';
import { slackInstallationModel } from './models/slack-installation.js';
import { slackEventModel } from './models/slack-event.js';
import { slackProfileModel } from './models/slack-profile.js';
import { userModel } from './models/user.js';

/**
 * The mongoose models of one connection. Private to services/: callers outside get plain
 * objects from service functions, never documents.
 */
export function createStore(connection: Connection) {
  return {
    connection,
    organizations: organizationModel(connection),
    slackProfiles: slackProfileModel(connection),
    slackInstallations: slackInstallationModel(connection),
    auditEntries: auditEntryModel(connection),
    users: userModel(connection),
    slackEvents: slackEventModel(connection),
    invitations: invitationModel(connection),
    groups: groupModel(connection),
    groupNames: groupNameModel(connection),
    locks: lockModel(connection),
    keySets: keySetModel(connection),
    keySetChunks: keySetChunkModel(connection),
    searchIndexStates: searchIndexStateModel(connection),
    requestSignatures: requestSignatureModel(connection),
    bulkRuns: bulkRunModel(connection),
    bulkRunPages: bulkRunPageModel(connection),
    slackPosts: slackPostModel(connection),
    approvalRequests: approvalRequestModel(connection),
    pendingRequestKeys: pendingRequestKeyModel(connection),
    approvalDelegations: approvalDelegationModel(connection),
    proReclaims: proReclaimModel(connection),
    exports: exportFileModel(connection),
    digestSubscriptions: digestSubscriptionModel(connection),
    digestHighlights: digestHighlightsModel(connection),
    nudges: nudgeModel(connection),
    nudgeSettings: nudgeSettingsModel(connection),
    activityEvents: activityEventModel(connection),
    activityBatches: activityBatchModel(connection),
    learnerCourses: learnerCoursesModel(connection),
    enrollments: enrollmentModel(connection),
    courses: courseModel(connection),
    funnelSnapshots: funnelSnapshotModel(connection),
  };
}

export type Store = ReturnType<typeof createStore>;

/** Creates every index the models declare; run at start-up (FerretDB accepts them, MongoDB uses them). */
export async function ensureIndexes(store: Store): Promise<void> {
  for (const model of Object.values(store.connection.models)) await model.createIndexes();
  await ensureExpiryIndex(store);
}

/** MongoDB's and FerretDB's answer to an option they do not implement (FerretDB 1.24: `expireAfterSeconds`). */
const NOT_IMPLEMENTED = 238;

/**
 * The TTL index that lets MongoDB drop remembered requests by itself. FerretDB 1.24 refuses TTL
 * indexes ("not implemented"); there the cleanup job alone keeps the collection small.
 */
async function ensureExpiryIndex(store: Store): Promise<void> {
  try {
    await store.requestSignatures.collection.createIndex(
      { expiresAt: 1 },
      { expireAfterSeconds: 0, name: 'expiresAt_ttl' },
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== NOT_IMPLEMENTED) throw error;
  }
}
