import { acceptInvitationButton } from './accept-invitation.js';
import { cancelButton, cancelModal, cancelSubcommand } from './cancel.js';
import type { Action, Modal } from '../../slack/kit/interaction.js';
import { invitationsPageAction, invitationsSubcommand } from './invitations.js';
import { inviteSubcommand } from './invite.js';
import { inviteModal } from './invite-modal.js';
import { licenseSubcommand } from '../licenses/license.js';
import { licenseProModal, licenseProSubcommand } from '../licenses/license-pro.js';
import { licenseSeatsModal, licenseSeatsSubcommand } from '../licenses/license-seats.js';
import { resendButton, resendModal, resendSubcommand } from './resend.js';
import type { Subcommand } from '../../slack/kit/subcommand.js';

/** The invitation and license subcommands, buttons and modals, in the order `/ub help` lists them. */
export function invitationSubcommands(): Subcommand[] {
  return [
    inviteSubcommand,
    invitationsSubcommand,
    resendSubcommand,
    cancelSubcommand,
    licenseSubcommand,
    licenseSeatsSubcommand,
    licenseProSubcommand,
  ];
}

export function invitationActions(): Action[] {
  return [acceptInvitationButton, invitationsPageAction, resendButton, cancelButton];
}

export function invitationModals(): Modal[] {
  return [inviteModal, resendModal, cancelModal, licenseSeatsModal, licenseProModal];
}
