import type { Feature } from '../../slack/kit/feature.js';
import { groupAdminSubcommand } from './group-admin.js';
import {
  groupCreateModalHandler,
  groupCreateSubcommand,
  groupDeleteConfirm,
  groupDeleteSubcommand,
  groupListPage,
  groupListSubcommand,
  groupRenameSubcommand,
} from './group-catalog-commands.js';
import { groupFormModals } from './group-forms.js';
import { groupOptionsProvider } from './group-options.js';
import {
  groupAddSubcommand,
  groupMembersRunConfirm,
  groupRemoveConfirm,
  groupRemoveSubcommand,
  groupShowPage,
  groupShowSubcommand,
} from './group-member-commands.js';

/** Groups: the catalogue, their members, and their group admins. */
export const groups: Feature = {
  name: 'groups',
  subcommands: [
    groupListSubcommand,
    groupShowSubcommand,
    groupCreateSubcommand,
    groupRenameSubcommand,
    groupDeleteSubcommand,
    groupAddSubcommand,
    groupRemoveSubcommand,
    groupAdminSubcommand,
  ],
  actions: [groupDeleteConfirm, groupListPage, groupRemoveConfirm, groupMembersRunConfirm, groupShowPage],
  modals: [groupCreateModalHandler, ...groupFormModals()],
  options: [groupOptionsProvider],
};
