import type { Feature } from '../../slack/kit/feature.js';
import { approvalsChannelSubcommand } from './approvals-channel.js';
import { approvalsDelegateSubcommand } from './approvals-delegate.js';
import { approvalsPolicySubcommand } from './approvals-policy.js';
import { requestFormModal } from './ask.js';
import { approveAction, denyAction, denyModal } from './decide.js';
import { keepProAction } from './keep-pro.js';
import {
  joinSubcommand,
  requestAccessSubcommand,
  requestGroupSubcommand,
  requestInviteSubcommand,
  requestLicenseSubcommand,
  requestProSubcommand,
} from './request-commands.js';
import { homeRequests, requestsCancelSubcommand, requestsPage, requestsSubcommand } from './requests.js';

/** Requests and approvals: anyone asks, whoever could do it decides with a button (issue 12). */
export const approvals: Feature = {
  name: 'approvals',
  subcommands: [
    requestInviteSubcommand,
    requestGroupSubcommand,
    requestLicenseSubcommand,
    requestProSubcommand,
    requestAccessSubcommand,
    joinSubcommand,
    requestsSubcommand,
    requestsCancelSubcommand,
    approvalsChannelSubcommand,
    approvalsDelegateSubcommand,
    approvalsPolicySubcommand,
  ],
  actions: [approveAction, denyAction, requestsPage, keepProAction],
  modals: [requestFormModal, denyModal],
  homeSections: homeRequests,
};
