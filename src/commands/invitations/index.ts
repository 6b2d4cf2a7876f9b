import type { Feature } from '../../slack/kit/feature.js';
import { acceptInvitationButton } from './accept-invitation.js';
import { cancelButton, cancelModal, cancelSubcommand } from './cancel.js';
import { invitationsPageAction, invitationsSubcommand } from './invitations.js';
import { inviteModal } from './invite-modal.js';
import { inviteSubcommand } from './invite.js';
import { resendAllConfirm, resendButton, resendModal, resendSubcommand } from './resend.js';

/** Inviting people, the pending invitations (resend, cancel), and accepting one from its DM. */
export const invitations: Feature = {
  name: 'invitations',
  subcommands: [inviteSubcommand, invitationsSubcommand, resendSubcommand, cancelSubcommand],
  actions: [acceptInvitationButton, invitationsPageAction, resendButton, resendAllConfirm, cancelButton],
  modals: [inviteModal, resendModal, cancelModal],
};
