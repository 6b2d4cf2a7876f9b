import { auditPageAction, auditSubcommand } from '../audit/audit.js';
import { deactivateConfirmButton, deactivateModal, deactivateSubcommand } from './deactivate.js';
import type { Action, Modal } from '../../slack/kit/interaction.js';
import { reactivateModal, reactivateSubcommand } from './reactivate.js';
import { roleConfirmButton, roleModal, roleSubcommand } from './role.js';
import type { Subcommand } from '../../slack/kit/subcommand.js';
import { userModal, userOpenButton, userSubcommand } from './user.js';
import { usersPageAction, usersSubcommand } from './users.js';

/** The user subcommands, buttons and modals, in the order `/ub help` lists them. */
export function userSubcommands(): Subcommand[] {
  return [userSubcommand, usersSubcommand, deactivateSubcommand, reactivateSubcommand, roleSubcommand, auditSubcommand];
}

export function userActions(): Action[] {
  return [userOpenButton, usersPageAction, deactivateConfirmButton, roleConfirmButton, auditPageAction];
}

export function userModals(): Modal[] {
  return [userModal, deactivateModal, reactivateModal, roleModal];
}
