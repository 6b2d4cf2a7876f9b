import type { Feature } from '../../slack/kit/feature.js';
import { deactivateConfirmButton, deactivateModal, deactivateSubcommand } from './deactivate.js';
import { reactivateModal, reactivateSubcommand } from './reactivate.js';
import { roleConfirmButton, roleModal, roleSubcommand } from './role.js';
import { userModal, userOpenButton, userSubcommand } from './user.js';
import { personOptionsProvider } from './person-options.js';
import { usersPageAction, usersSubcommand } from './users.js';

/** Members: finding them, one profile, deactivating and reactivating, roles. */
export const people: Feature = {
  name: 'people',
  subcommands: [userSubcommand, usersSubcommand, deactivateSubcommand, reactivateSubcommand, roleSubcommand],
  actions: [userOpenButton, usersPageAction, deactivateConfirmButton, roleConfirmButton],
  modals: [userModal, deactivateModal, reactivateModal, roleModal],
  options: [personOptionsProvider],
};
