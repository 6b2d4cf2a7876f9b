import type { Connection } from 'mongoose';
import { auditEntryModel } from './models/audit-entry.js';
import { groupModel, groupNameModel } from './models/group.js';
import { invitationModel } from './models/invitation.js';
import { keySetChunkModel, keySetModel, searchIndexStateModel } from './models/key-set.js';
import { lockModel } from './models/lock.js';
import { organizationModel } from './models/organization.js';
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
  };
}

export type Store = ReturnType<typeof createStore>;

/** Creates every index the models declare; run at start-up (FerretDB accepts them, MongoDB uses them). */
export async function ensureIndexes(store: Store): Promise<void> {
  for (const model of Object.values(store.connection.models)) await model.createIndexes();
}
